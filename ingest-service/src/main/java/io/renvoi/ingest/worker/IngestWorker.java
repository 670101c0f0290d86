package io.renvoi.ingest.worker;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.PoisonRecordException;
import io.renvoi.ingest.jobs.JobStore;
import io.renvoi.ingest.jobs.UrlState;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes rag.ingest.requests, builds each document and publishes it on rag.documents; records each
 * URL's state (fetched, unchanged, failed with a reason) in {@code rag-jobs}. Records that are not valid
 * requests are nacked and land in rag.ingest.requests.dlq with the reason; processing goes on. Partitions
 * are processed in parallel (one blocking worker per partition, ordered within it).
 */
@ApplicationScoped
public class IngestWorker {
    /** Incoming channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests";
    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private final DocumentBuilder builder;
    private final DocumentPublisher documents;
    private final JobStore jobs;

    IngestWorker(DocumentBuilder builder, DocumentPublisher documents, JobStore jobs) {
        this.builder = builder;
        this.documents = documents;
        this.jobs = jobs;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public void onRequest(String json) {
        IngestRequest request = EventJson.decode(json, IngestRequest.class);
        if (request.docId() == null || request.url() == null || request.collection() == null) {
            throw new PoisonRecordException("IngestRequest without docId, url or collection");
        }
        DocumentBuilder.Built built = builder.build(request);
        if (built instanceof DocumentBuilder.Upsert upsert) {
            documents.publish(upsert.event());
            jobs.record(request.jobId(), request.docId(), request.url(), UrlState.FETCHED, null, null);
            LOG.debugf("ingested %s (%d chunks)", request.url(), upsert.event().chunks().size());
        } else if (built instanceof DocumentBuilder.Unchanged unchanged) {
            jobs.record(request.jobId(), request.docId(), request.url(), UrlState.UNCHANGED, null, unchanged.why());
            LOG.debugf("unchanged %s: %s", request.url(), unchanged.why());
        } else if (built instanceof DocumentBuilder.Refused refused) {
            jobs.record(request.jobId(), request.docId(), request.url(), UrlState.FAILED, refused.reason(), refused.detail());
            LOG.infof("not indexing %s: %s (%s)", request.url(), refused.reason(), refused.detail());
        }
    }
}
