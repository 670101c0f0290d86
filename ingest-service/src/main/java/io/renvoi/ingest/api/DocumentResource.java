package io.renvoi.ingest.api;

import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.ingest.jobs.JobTracker;
import io.renvoi.ingest.worker.DocumentPublisher;
import io.renvoi.ingest.worker.IngestRequestPublisher;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/documents}: accepts a URL for ingestion (publishes an {@link IngestRequest} on
 * rag.ingest.requests) or removes a document (publishes a DELETE on rag.documents).
 */
@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    private static final int MAX_METADATA_ENTRIES = 32;

    private final IngestRequestPublisher requests;
    private final DocumentPublisher documents;
    private final JobTracker jobs;

    DocumentResource(IngestRequestPublisher requests, DocumentPublisher documents, JobTracker jobs) {
        this.requests = requests;
        this.documents = documents;
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ingest(DocumentRequest body) {
        if (body == null) {
            throw new BadRequestException("request body is required: {\"url\": \"...\", \"collection\": \"...\"}");
        }
        String collection = validCollection(body.collection() == null ? "default" : body.collection());
        String url = UrlNormalizer.normalize(body.url());
        Map<String, String> metadata = body.metadata() == null ? Map.of() : body.metadata();
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new BadRequestException("metadata has more than " + MAX_METADATA_ENTRIES + " entries");
        }
        String docId = DocumentIds.docId(collection, url);
        String jobId = UUID.randomUUID().toString();
        jobs.create(jobId, collection, 1);
        requests.publish(new IngestRequest(docId, url, collection, metadata, IngestReason.USER, jobId, System.currentTimeMillis()));
        return Response.accepted(new DocumentAccepted(docId, jobId)).build();
    }

    @DELETE
    public Response delete(@QueryParam("url") String rawUrl, @QueryParam("collection") String rawCollection) {
        String collection = validCollection(rawCollection == null ? "default" : rawCollection);
        String url = UrlNormalizer.normalize(rawUrl);
        String docId = DocumentIds.docId(collection, url);
        documents.publish(DocumentEvent.delete(docId, url, collection, "user-request", null));
        return Response.accepted(new DocumentAccepted(docId, null)).build();
    }

    private static String validCollection(String collection) {
        String problem = CollectionNames.problem(collection);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return collection;
    }
}
