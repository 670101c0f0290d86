package io.renvoi.ingest.jobs;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads rag.indexed and advances the progress of the job each document belongs to. */
@ApplicationScoped
public class IndexedListener {
    /** Channel of rag.indexed. */
    public static final String CHANNEL = "indexed";

    private final JobTracker jobs;

    IndexedListener(JobTracker jobs) {
        this.jobs = jobs;
    }

    @Incoming(CHANNEL)
    public void onIndexed(String json) {
        IndexedEvent event = EventJson.decode(json, IndexedEvent.class);
        switch (event.outcome()) {
            case INDEXED -> jobs.indexed(event.jobId());
            case FAILED -> jobs.failed(event.jobId(), event.url(), event.detail());
            default -> {
                // deletes and stale epochs do not advance a job
            }
        }
    }
}
