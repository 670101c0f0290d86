package io.renvoi.common.auth;

import io.renvoi.common.events.KafkaClients;
import io.renvoi.common.rest.ProblemException;
import io.renvoi.common.rest.ProblemMappers;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes key records to {@code rag.keys} (the admin API's side of the key store) and waits for the broker, then
 * applies them to this service's own {@link KeyRing} so that the answer to "create" or "revoke" is already true
 * here; the other services see the record through their {@link KeyTopicFollower}. The producer is made on first
 * use: only the service that serves the admin API ever writes.
 */
@ApplicationScoped
public class KeyTopicWriter {
    @Inject
    KeyRing ring;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private KafkaProducer<String, String> producer;

    /** Stores a new key. @throws KeyStoreUnavailableException when Kafka does not acknowledge in time */
    public void publish(ApiKey key) {
        send(new ProducerRecord<>(KeyTopic.NAME, key.id(), KeyTopic.encode(key)));
        ring.put(key);
    }

    /** Revokes a key: a tombstone, so that compaction forgets it. @throws KeyStoreUnavailableException as above */
    public void revoke(String id) {
        send(new ProducerRecord<>(KeyTopic.NAME, id, null));
        ring.remove(id);
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KeyStoreUnavailableException(e.getCause() == null ? e : e.getCause());
        }
    }

    private synchronized KafkaProducer<String, String> producer() throws InterruptedException {
        if (producer == null) {
            KeyTopic.ensureExists(kafka);
            Map<String, Object> props = KafkaClients.config(kafka, "renvoi-key-writer");
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            props.put("max.block.ms", "10000");
            props.put("delivery.timeout.ms", "14000");
            props.put("request.timeout.ms", "10000");
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Kafka did not take a key record: the caller answers 503 and the operator retries. */
    public static class KeyStoreUnavailableException extends ProblemException {
        KeyStoreUnavailableException(Throwable cause) {
            super(
                    503,
                    "the key store (Kafka topic " + KeyTopic.NAME + ") is unavailable: " + cause,
                    ProblemMappers.RETRY_AFTER,
                    cause);
        }

        /** Says what is away, without the cause (the exception's message, for whoever logs it). */
        @Override
        public String detail() {
            return "the key store (Kafka) is unavailable; retry later";
        }
    }
}
