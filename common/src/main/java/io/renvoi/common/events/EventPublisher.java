package io.renvoi.common.events;

import io.smallrye.reactive.messaging.kafka.Record;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends events of one type as JSON ({@link EventJson}) on one outgoing Kafka channel, each keyed by
 * {@link KeyedEvent#kafkaKey()}. Every service's publishers are, or are made of, these.
 *
 * <p>The one rule for acknowledgements: {@link #publish} waits for the broker's acknowledgement and throws when it
 * is refused; use it whenever the caller's next step (committing an offset, writing a registry, answering
 * "accepted") assumes the event is durable. {@link #send} returns the acknowledgement as a stage, for a caller that
 * sends many and then waits for them all, or one that must not hold its thread for an event whose loss it handles
 * itself (it must then look at the stage's failure).
 */
public class EventPublisher<E extends KeyedEvent> {
    private final Emitter<Record<String, String>> emitter;

    public EventPublisher(Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** For the client proxies CDI makes of application-scoped subclasses; never used to send. */
    protected EventPublisher() {
        this(null);
    }

    /** Sends the event and waits for the broker's acknowledgement. */
    public void publish(E event) {
        send(event).join();
    }

    /** Sends the event; the stage completes with the broker's acknowledgement, or fails with its refusal. */
    public CompletableFuture<Void> send(E event) {
        return emitter.send(Record.of(event.kafkaKey(), EventJson.encode(event)))
                .toCompletableFuture();
    }
}
