package io.renvoi.embed.pipeline;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends records of rag.documents that can never be indexed to rag.documents.dlq, with the reason in the
 * {@code dead-letter-reason} header (the header SmallRye's own dead-letter strategy uses).
 */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String CHANNEL = "documents-dlq-out";
    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    @Inject
    @Channel(CHANNEL)
    Emitter<String> emitter;

    /** Sends the record and waits for the broker's acknowledgement, so its offset is committed only once it is safe. */
    public void publish(String key, String payload, String reason) {
        LOG.warnf("dead-lettering record %s: %s", key, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(payload == null ? "" : payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withHeaders(headers)
                        .build());
        CompletableFuture<Void> sent = new CompletableFuture<>();
        emitter.send(message.withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        sent.join();
    }
}
