package io.renvoi.ingest.worker;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes {@link IngestRequest}s on rag.ingest.requests, keyed by the URL's site ({@link IngestRequest#kafkaKey()}). */
@ApplicationScoped
public class IngestRequestPublisher {
    /** Outgoing channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests-out";

    private final Emitter<Record<String, String>> emitter;

    IngestRequestPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20000)
                    Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the request and waits for the broker's acknowledgement, so accepted work is never lost. */
    public void publish(IngestRequest request) {
        send(request).join();
    }

    /** Sends the request; the future completes with the broker's acknowledgement. */
    public CompletableFuture<Void> send(IngestRequest request) {
        return emitter.send(Record.of(request.kafkaKey(), EventJson.encode(request)))
                .toCompletableFuture();
    }
}
