package io.renvoi.bench;

import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.KeyLimits;
import io.renvoi.common.auth.KeyRing;
import io.renvoi.common.auth.KeyTopicReader;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.events.Topics;
import io.renvoi.common.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The API keys of bench/auth-cost on the compacted topic {@code rag.keys} (Kafka at {@code kafka}): writes them as
 * ingest-service's key API stores them (key = id, value = the {@link ApiKey} as JSON), and reads them back into a
 * {@link KeyRing} as query-service builds it, for the in-process key check.
 */
final class AuthCostKeys {
    private final String kafka;

    /** @param kafka the bootstrap servers ({@code host:port}) */
    AuthCostKeys(String kafka) {
        this.kafka = kafka;
    }

    /**
     * Writes {@code n} key records to rag.keys (the topic created compacted, as KeyTopic creates it) and returns the
     * secret of the benchmark's query key. The others are a mix as an operator's key list might hold: per-tenant
     * collections with and without prefixes, ingest and/or query scopes, own or default limits. Their secrets are
     * thrown away (only hashes are stored, as in production).
     */
    String write(int n) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.KEYS)) {
                admin.createTopics(List.of(new NewTopic(Topics.KEYS, 1, (short) -1)
                                .configs(
                                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        Properties p = BenchKafka.producer(kafka);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        String querySecret = ApiKeySecrets.newSecret();
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                ApiKey key = i == n / 2 // the benchmark's key, in the middle of the list
                        ? queryKey(querySecret, now)
                        : otherKey(i, now);
                producer.send(new ProducerRecord<>(
                        Topics.KEYS, key.id(), JsonMapper.shared().writeValueAsString(key)));
            }
            producer.flush();
        }
        BenchOut.log("%d API keys written to %s", n, Topics.KEYS);
        return querySecret;
    }

    /** The benchmark's query key: scope query, collections tenant-bench-* and scifact, 100,000 queries/s. */
    private static ApiKey queryKey(String secret, Instant now) {
        return new ApiKey(
                ApiKeySecrets.newId(),
                "bench-auth-query",
                List.of("tenant-bench-*", AuthCostBenchmark.COLLECTION),
                Set.of(Scope.QUERY),
                new KeyLimits(null, null, 100_000.0),
                ApiKeySecrets.hash(secret),
                now);
    }

    /** The {@code i}th of the other keys. */
    private static ApiKey otherKey(int i, Instant now) {
        Set<Scope> scopes = switch (i % 3) {
            case 0 -> EnumSet.of(Scope.QUERY);
            case 1 -> EnumSet.of(Scope.INGEST);
            default -> EnumSet.of(Scope.INGEST, Scope.QUERY);
        };
        List<String> collections = i % 4 == 0
                ? List.of(String.format("tenant-%04d-*", i))
                : List.of(String.format("tenant-%04d", i), String.format("shared-%02d", i % 50));
        KeyLimits limits = i % 5 == 0 ? KeyLimits.DEFAULTS_ONLY : new KeyLimits(2, 5_000, 10.0 + i % 40);
        return new ApiKey(
                ApiKeySecrets.newId(),
                String.format("bench-key-%04d", i),
                collections,
                scopes,
                limits,
                ApiKeySecrets.hash(ApiKeySecrets.newSecret()),
                now.plusMillis(i));
    }

    /** A KeyRing as query-service builds it (admin key from the configuration), holding every key of rag.keys. */
    KeyRing ring(String adminSecret) throws Exception {
        KeyRing ring = new KeyRing(Optional.of(adminSecret), new KeyLimits(4, 10_000, 20.0)); // the shipped defaults
        try (KeyTopicReader reader = new KeyTopicReader(Map.<String, Object>of("bootstrap.servers", kafka), ring)) {
            while (!reader.poll(Duration.ofMillis(500))) {
                // reading to the end of rag.keys
            }
        }
        return ring;
    }
}
