package io.renvoi.common.testing;

import io.renvoi.common.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records to the test Kafka and collects everything published on some topics, from the beginning (a consumer
 * group of its own); {@link #readAll} reads one topic afresh.
 */
public final class KafkaWatch implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    private final String bootstrap;

    public KafkaWatch(String bootstrap, List<String> topics) {
        this.bootstrap = bootstrap;
        producer = producer(bootstrap);
        poller = new Thread(
                () -> {
                    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "earliest", topics)) {
                        while (running) {
                            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                        }
                    }
                },
                "test-kafka-watch");
        poller.setDaemon(true);
        poller.start();
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The records of a document on a topic: keyed by its id, or on rag.ingest.requests (keyed by site) carrying it.
     */
    public List<ConsumerRecord<String, String>> on(String topic, String docId) {
        return seen.stream()
                .filter(r -> r.topic().equals(topic)
                        && (docId.equals(r.key())
                                || (topic.equals(Topics.INGEST_REQUESTS)
                                        && r.value().contains("\"docId\":\"" + docId + "\""))))
                .toList();
    }

    /** Every record on {@code topic} from the beginning, read by a consumer of its own for {@code forMs}. */
    public List<ConsumerRecord<String, String>> readAll(String topic, long forMs) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "earliest", List.of(topic))) {
            long end = System.currentTimeMillis() + forMs;
            while (System.currentTimeMillis() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
        producer.close();
    }

    /** A String producer on the test Kafka. */
    public static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * A String consumer of a group of its own, subscribed to {@code topics}, starting at {@code offsetReset}
     * ({@code earliest} or {@code latest}).
     */
    public static KafkaConsumer<String, String> consumer(
            String bootstrap, String offsetReset, Collection<String> topics) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "test-" + UUID.randomUUID());
        c.put("auto.offset.reset", offsetReset);
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(topics);
        return consumer;
    }
}
