package io.renvoi.bench;

import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client settings the benchmark drivers start from: string keys and values on the bootstrap servers given
 * on their command line; each driver adds its own (group, offsets, acks, batching). Reads and writes nothing.
 */
final class BenchKafka {
    private BenchKafka() {}

    /** A producer of string records on {@code kafka} ({@code host:port}). */
    static Properties producer(String kafka) {
        return strings(kafka, "serializer", StringSerializer.class);
    }

    /** A consumer of string records on {@code kafka} ({@code host:port}). */
    static Properties consumer(String kafka) {
        return strings(kafka, "deserializer", StringDeserializer.class);
    }

    /** The bootstrap servers, and {@code codec} as the {@code key.<role>} and {@code value.<role>}. */
    private static Properties strings(String kafka, String role, Class<?> codec) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("key." + role, codec.getName());
        p.put("value." + role, codec.getName());
        return p;
    }
}
