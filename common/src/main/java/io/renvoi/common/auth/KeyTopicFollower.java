package io.renvoi.common.auth;

import io.renvoi.common.events.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link KeyRing} equal to the {@code rag.keys} topic: reads it from the start on boot, then follows it
 * (a new key works, a revoked key stops working, within about one poll interval). Every replica reads the whole
 * topic (partitions assigned, no consumer group); a plain Kafka consumer, because a reactive channel cannot say
 * "read to the end before serving". When Kafka is away it keeps the keys it has and retries.
 */
@ApplicationScoped
public class KeyTopicFollower {
    private static final Logger LOG = Logger.getLogger(KeyTopicFollower.class);

    private final KeyRing ring;
    private final Map<String, Object> kafka;
    private final Duration poll;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    KeyTopicFollower(KeyRing ring, @Identifier("default-kafka-broker") Map<String, Object> kafka, AuthConfig config) {
        this.ring = ring;
        this.kafka = kafka;
        this.poll = config.pollInterval();
    }

    void start(@Observes Startup event) {
        thread = new Thread(this::run, "key-follower");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) c.wakeup(); // not an interrupt: that would break the consumer's own close
        synchronized (this) {
            notifyAll(); // ends a backoff wait
        }
    }

    private void run() {
        long backoff = 200;
        while (running) {
            try {
                follow();
            } catch (WakeupException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warnf(
                        "reading %s failed (%s); retrying in %d ms with the keys already read",
                        KeyTopic.NAME, e.toString(), backoff);
                try {
                    synchronized (this) {
                        if (running) wait(backoff);
                    }
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void follow() throws InterruptedException {
        KeyTopic.ensureExists(kafka);
        Map<String, Object> props = KafkaClients.config(kafka, "renvoi-key-follower");
        props.remove("group.id");
        props.put("enable.auto.commit", "false");
        props.put("allow.auto.create.topics", "false");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            consumer = c;
            List<PartitionInfo> infos = c.partitionsFor(KeyTopic.NAME, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + KeyTopic.NAME + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(10)));
            // re-reading from the start after a failure rebuilds the same state: put and remove are idempotent
            while (running) {
                for (ConsumerRecord<String, String> r : c.poll(poll)) {
                    apply(r);
                }
                if (!ring.loaded()) {
                    end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                    if (end.isEmpty()) {
                        ring.markLoaded();
                        LOG.infof("API keys loaded from %s", KeyTopic.NAME);
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null) return;
        // fail closed: a record that is not a valid key revokes whatever its id held before
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
