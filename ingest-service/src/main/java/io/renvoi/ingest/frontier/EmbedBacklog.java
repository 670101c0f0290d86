package io.renvoi.ingest.frontier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.events.KafkaClients;
import io.renvoi.common.events.Topics;
import io.renvoi.common.threads.DaemonThreads;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The back-pressure signal of the frontier: how many records of rag.documents embed-service's consumer group
 * has not committed yet (its lag), read with the Kafka Admin client every {@code lag-every}. The frontier
 * starts no fetch while it is at or above {@code max-documents-ahead}. Partitions the group never committed
 * count as no lag (a new installation), and when the lag cannot be read the last value is kept for a
 * minute, then the gate opens (a broken metric must not stop ingestion for good).
 */
@ApplicationScoped
public class EmbedBacklog {
    private static final Logger LOG = Logger.getLogger(EmbedBacklog.class);
    private static final long STALE_AFTER_MS = 60_000;

    private final FrontierConfig config;
    private final Map<String, Object> kafka;
    private volatile long lag;
    private volatile long readAt;
    private Admin admin;
    private ScheduledExecutorService timer;

    EmbedBacklog(
            FrontierConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry meters) {
        this.config = config;
        this.kafka = kafka;
        Gauge.builder("renvoi.frontier.documents.ahead", this, b -> b.lag).register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (config.maxDocumentsAhead() <= 0) {
            return;
        }
        Map<String, Object> p = KafkaClients.config(kafka, "renvoi-ingest-backlog"); // TLS and SASL too
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        admin = Admin.create(p);
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("frontier-embed-lag"));
        timer.scheduleWithFixedDelay(this::read, 0, config.lagEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    /** Whether embed-service is too far behind for the frontier to start another fetch. */
    boolean full() {
        if (config.maxDocumentsAhead() <= 0 || System.currentTimeMillis() - readAt > STALE_AFTER_MS) {
            return false;
        }
        return lag >= config.maxDocumentsAhead();
    }

    /** The last lag read. */
    public long documentsAhead() {
        return lag;
    }

    private void read() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.embedGroup())
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (tp.topic().equals(Topics.DOCUMENTS) && o != null) {
                    latest.put(tp, OffsetSpec.latest());
                }
            });
            long total = 0;
            if (!latest.isEmpty()) {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                for (var e : ends.entrySet()) {
                    total += Math.max(
                            0, e.getValue().offset() - committed.get(e.getKey()).offset());
                }
            }
            lag = total;
            readAt = System.currentTimeMillis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("cannot read the lag of %s: %s", config.embedGroup(), e.toString());
        }
    }
}
