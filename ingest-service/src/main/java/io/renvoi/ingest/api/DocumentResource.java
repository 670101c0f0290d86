package io.renvoi.ingest.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.CurrentCaller;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.rest.RequestChecks;
import io.renvoi.ingest.deletion.Tombstones;
import io.renvoi.ingest.worker.DocumentPublisher;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/v1/documents}: accepts one URL for ingestion (a one-URL job: an IngestRequest on
 * rag.ingest.requests, progress in rag-jobs) or removes a document (a tombstone in rag-tombstones, then a
 * DELETE on rag.documents): the document stays deleted until a user submits its URL again.
 */
@Path("/api/v1/documents")
@RequiresScope(Scope.INGEST)
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    @Inject
    JobSubmission submission;

    @Inject
    DocumentPublisher documents;

    @Inject
    Tombstones tombstones;

    @Inject
    CurrentCaller caller;

    @Inject
    IngestQuota quota;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ingest(DocumentRequest body) {
        RequestChecks.body(body, "{\"url\": \"...\", \"collection\": \"...\"}");
        String collection = RequestChecks.collectionOrDefault(body.collection());
        Caller who = caller.get();
        who.requireCollection(collection);
        String url = UrlNormalizer.normalize(body.url());
        IngestQuota.Reservation reservation = quota.reserve(who, 1);
        IngestJobAccepted job;
        try {
            job = submission.submit(collection, List.of(url), body.metadata());
        } catch (RuntimeException e) {
            reservation.release();
            throw e;
        }
        reservation.keep(job.jobId());
        return Response.accepted(new DocumentAccepted(DocumentIds.docId(collection, url), job.jobId()))
                .build();
    }

    @DELETE
    public Response delete(@QueryParam("url") String rawUrl, @QueryParam("collection") String rawCollection) {
        String collection = RequestChecks.collectionOrDefault(rawCollection);
        caller.get().requireCollection(collection);
        String url = UrlNormalizer.normalize(rawUrl);
        String docId = DocumentIds.docId(collection, url);
        tombstones.bury(docId, url, collection); // first: a fetch in flight must not bring it back
        documents.publish(DocumentEvent.delete(docId, url, collection, "user-request", null));
        return Response.accepted(new DocumentAccepted(docId, null)).build();
    }
}
