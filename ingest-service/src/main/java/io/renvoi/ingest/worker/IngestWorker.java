package io.renvoi.ingest.worker;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.ingest.jobs.JobTracker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes rag.ingest.requests, builds each document and publishes it on rag.documents; records refusals
 * on the job. Records that are not valid requests are nacked and land in rag.ingest.requests.dlq.
 */
@ApplicationScoped
public class IngestWorker {
    /** Incoming channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests";
    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private final DocumentBuilder builder;
    private final DocumentPublisher documents;
    private final JobTracker jobs;

    IngestWorker(DocumentBuilder builder, DocumentPublisher documents, JobTracker jobs) {
        this.builder = builder;
        this.documents = documents;
        this.jobs = jobs;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRequest(String json) {
        IngestRequest request = EventJson.decode(json, IngestRequest.class);
        DocumentBuilder.Built built = builder.build(request);
        if (built instanceof DocumentBuilder.Upsert upsert) {
            documents.publish(upsert.event());
            jobs.fetched(request.jobId());
            LOG.infof("ingested %s (%d chunks)", request.url(), upsert.event().chunks().size());
        } else if (built instanceof DocumentBuilder.Refused refused) {
            jobs.failed(request.jobId(), request.url(), refused.reason());
            LOG.infof("not indexing %s: %s (%s)", request.url(), refused.reason(), refused.detail());
        }
    }
}
