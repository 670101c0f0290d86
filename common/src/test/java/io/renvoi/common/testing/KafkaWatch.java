package io.renvoi.links;

import java.time.Duration;
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

/** Sends records to the test Kafka and collects everything published on some topics, from the beginning. */
final class KafkaWatch implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    private final String bootstrap;

    KafkaWatch(String bootstrap, List<String> topics) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "links-test-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        poller = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(topics);
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                }
            }
        }, "links-test-watch");
        poller.setDaemon(true);
        poller.start();
    }

    void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The records of a document on a topic: keyed by its id, or on rag.ingest.requests (keyed by site) carrying it.
     */
    List<ConsumerRecord<String, String>> on(String topic, String docId) {
        return seen.stream().filter(r -> r.topic().equals(topic) && (docId.equals(r.key())
                || (topic.equals(io.renvoi.common.events.Topics.INGEST_REQUESTS)
                        && r.value().contains("\"docId\":\"" + docId + "\"")))).toList();
    }

    /** Every record on {@code topic} from the beginning, read by a consumer of its own for {@code forMs}. */
    List<ConsumerRecord<String, String>> readAll(String topic, long forMs) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "links-test-read-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
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
}
