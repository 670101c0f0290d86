package io.renvoi.ingest.frontier;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.ingest.deletion.Tombstones;
import io.renvoi.ingest.jobs.JobStore;
import io.renvoi.ingest.jobs.UrlState;
import io.renvoi.ingest.worker.DocumentBuilder;
import io.renvoi.ingest.worker.DocumentPublisher;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Processes one request the frontier started: builds the document ({@link DocumentBuilder}), publishes an
 * UPSERT on rag.documents (waiting for the broker) unless a user deleted the document ({@link Tombstones}), and records the URL's state (fetched, unchanged, failed
 * with a reason) in {@code rag-jobs}. A page that cannot be indexed is a recorded failure, never an exception;
 * an exception means a dependency (Kafka, OpenSearch) failed, and the frontier tries the request again. Runs
 * in the trace of the request's Kafka record, so the document record continues the caller's trace.
 */
@ApplicationScoped
public class PageProcessor {
    private static final Logger LOG = Logger.getLogger(PageProcessor.class);

    @Inject
    DocumentBuilder builder;

    @Inject
    DocumentPublisher documents;

    @Inject
    JobStore jobs;

    @Inject
    Tombstones tombstones;

    void process(FrontierEntry entry) {
        Context trace = TracingMetadata.fromMessage(entry.message)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        try (Scope ignored = trace.makeCurrent()) {
            process(entry.request);
        }
    }

    /** Records that the request failed for a reason that is not the page's nor an outage (a fault, with its detail). */
    void recordFault(IngestRequest request, Throwable fault) {
        jobs.record(request.jobId(), request.docId(), request.url(), UrlState.FAILED, "internal", fault.toString());
    }

    /** Builds, publishes and records one request; throws only when a dependency failed. */
    public void process(IngestRequest request) {
        Tombstones.Verdict tombstone = tombstones.admit(request);
        if (tombstone == Tombstones.Verdict.REFUSED) {
            recordDeleted(request);
            return;
        }
        // just undeleted: its old chunks may still be indexed until the DELETE is applied, so never "unchanged"
        DocumentBuilder.Built built = builder.build(request, tombstone == Tombstones.Verdict.LIFTED);
        if (built instanceof DocumentBuilder.Upsert upsert) {
            documents.publish(upsert.event());
            if (tombstones.buriedSince(request)) {
                // the user deleted it while we fetched: delete again, after our UPSERT on the same key
                documents.publish(DocumentEvent.delete(
                        request.docId(), request.url(), request.collection(), "user-request", null));
                recordDeleted(request);
                return;
            }
            jobs.record(request.jobId(), request.docId(), request.url(), UrlState.FETCHED, null, null);
            LOG.debugf(
                    "ingested %s (%d chunks)",
                    request.url(), upsert.event().chunks().size());
        } else if (built instanceof DocumentBuilder.Unchanged unchanged) {
            jobs.record(request.jobId(), request.docId(), request.url(), UrlState.UNCHANGED, null, unchanged.why());
            LOG.debugf("unchanged %s: %s", request.url(), unchanged.why());
        } else if (built instanceof DocumentBuilder.Refused refused) {
            jobs.record(
                    request.jobId(),
                    request.docId(),
                    request.url(),
                    UrlState.FAILED,
                    refused.reason(),
                    refused.detail());
            LOG.infof("not indexing %s: %s (%s)", request.url(), refused.reason(), refused.detail());
        }
    }

    private void recordDeleted(IngestRequest request) {
        jobs.record(
                request.jobId(),
                request.docId(),
                request.url(),
                UrlState.FAILED,
                "deleted",
                "a user deleted this document; submit its URL again to index it");
        LOG.infof("not indexing %s: deleted by a user", request.url());
    }
}
