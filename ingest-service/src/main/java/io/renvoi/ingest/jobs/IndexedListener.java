package io.renvoi.ingest.jobs;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.PoisonRecordException;
import io.renvoi.common.outage.ConsumedRecords;
import io.renvoi.common.outage.Retrying;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads rag.indexed and records the outcome of each document of a job in {@code rag-jobs} (indexed, or
 * failed in embed-service), waiting out an OpenSearch outage (the record is retried, never dropped). Only
 * records that are not IndexedEvents go to rag.indexed.dlq; a record interrupted by shutdown is left
 * unacknowledged, to be read again ({@link ConsumedRecords}).
 */
@ApplicationScoped
public class IndexedListener {
    /** Channel of rag.indexed. */
    public static final String CHANNEL = "indexed-in";

    @Inject
    JobStore jobs;

    private final Retrying retrying = Retrying.standard();

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onIndexed(Message<String> record) {
        return ConsumedRecords.settle(record, CHANNEL, json -> {
            IndexedEvent event;
            try {
                event = EventJson.decode(json, IndexedEvent.class);
            } catch (RuntimeException e) {
                throw e instanceof PoisonRecordException p ? p : new PoisonRecordException(e.getMessage());
            }
            switch (event.outcome()) {
                case INDEXED ->
                    retrying.run(
                            "recording " + event.docId() + " indexed",
                            () -> jobs.record(event.jobId(), event.docId(), event.url(), UrlState.INDEXED, null, null));
                case FAILED ->
                    retrying.run(
                            "recording " + event.docId() + " failed",
                            () -> jobs.record(
                                    event.jobId(),
                                    event.docId(),
                                    event.url(),
                                    UrlState.FAILED,
                                    "embedding",
                                    event.detail()));
                default -> {
                    // deletes and stale epochs do not advance a job
                }
            }
        });
    }
}
