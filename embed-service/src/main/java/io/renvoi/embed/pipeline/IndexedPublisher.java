package io.renvoi.embed.pipeline;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@link IndexedEvent}s on rag.indexed, keyed by document id. */
@ApplicationScoped
public class IndexedPublisher {
    public static final String CHANNEL = "indexed";

    private final Emitter<Record<String, String>> emitter;

    IndexedPublisher(@Channel(CHANNEL) Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event; the stage completes when Kafka acknowledged it. */
    public CompletableFuture<Void> publish(IndexedEvent event) {
        return emitter.send(Record.of(event.docId(), EventJson.encode(event))).toCompletableFuture();
    }
}
