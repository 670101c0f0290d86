package io.renvoi.embed.pipeline;

import io.renvoi.common.events.EventPublisher;
import io.renvoi.common.events.IndexedEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes {@link IndexedEvent}s on rag.indexed, keyed by document id. The pipeline {@link #send}s a batch's
 * outcomes and waits for all of them before its offsets are committed.
 */
@ApplicationScoped
public class IndexedPublisher extends EventPublisher<IndexedEvent> {
    public static final String CHANNEL = "indexed-out";

    IndexedPublisher(@Channel(CHANNEL) Emitter<Record<String, String>> emitter) {
        super(emitter);
    }
}
