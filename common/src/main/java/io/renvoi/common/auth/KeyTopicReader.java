package io.renvoi.common.auth;

import io.renvoi.common.events.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code rag.keys} into a {@link KeyRing}: every partition assigned from the beginning (no consumer group, so
 * every replica reads all of it), each record applied fail-closed (a record that is not a valid key revokes whatever
 * its id held), and tells when it has read all the topic held when it opened. Re-reading from the start rebuilds the
 * same state: put and remove are idempotent. Not thread-safe, except {@link #wakeup}.
 */
public final class KeyTopicReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyTopicReader.class);

    private final KafkaConsumer<String, String> consumer;
    private final KeyRing ring;
    private final Map<TopicPartition, Long> end;

    /** @param kafka the Kafka client settings (at least {@code bootstrap.servers}) */
    public KeyTopicReader(Map<String, Object> kafka, KeyRing ring) {
        this.ring = ring;
        Map<String, Object> props = KafkaClients.config(kafka, "renvoi-key-follower");
        props.remove("group.id");
        props.put("enable.auto.commit", "false");
        props.put("allow.auto.create.topics", "false");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(KeyTopic.NAME, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + KeyTopic.NAME + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Reads what arrives within {@code timeout} into the ring; true once all the topic held at opening is read. */
    public boolean poll(Duration timeout) {
        for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
            apply(r);
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return end.isEmpty();
    }

    /** Ends a {@link #poll} in progress (from another thread) with a WakeupException. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null) return;
        ApiKey key;
        try {
            key = KeyTopic.decode(r.value());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            key = null;
            LOG.warnf("an undecodable record of %s at offset %d revokes key id %s", KeyTopic.NAME, r.offset(), r.key());
        }
        if (key != null && !key.validAt(r.key())) {
            LOG.warnf("an invalid key record of %s at offset %d revokes key id %s", KeyTopic.NAME, r.offset(), r.key());
            key = null;
        }
        if (key == null) {
            ring.remove(r.key());
        } else {
            ring.put(key);
        }
    }
}
