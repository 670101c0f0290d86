package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Dead-letters records of rag.documents that can never be indexed: counts them ({@code renvoi.embed.dead.lettered})
 * and sends them to rag.documents.dlq with their reason ({@link DeadLetterPublisher}, which waits for the broker).
 */
final class DeadLetters {
    private final DeadLetterPublisher publisher;
    private final Counter deadLettered;

    DeadLetters(DeadLetterPublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.deadLettered = meters.counter("renvoi.embed.dead.lettered");
    }

    void send(String key, String payload, String reason) {
        deadLettered.increment();
        publisher.publish(key, payload, reason);
    }
}
