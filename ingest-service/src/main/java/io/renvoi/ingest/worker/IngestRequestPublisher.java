package io.renvoi.ingest.worker;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@link IngestRequest}s on rag.ingest.requests, keyed by document id. */
@ApplicationScoped
public class IngestRequestPublisher {
    /** Outgoing channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests-out";

    private final Emitter<Record<String, String>> emitter;

    IngestRequestPublisher(@Channel(CHANNEL) Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the request and waits for the broker's acknowledgement, so accepted work is never lost. */
    public void publish(IngestRequest request) {
        emitter.send(Record.of(request.docId(), EventJson.encode(request))).toCompletableFuture().join();
    }
}
