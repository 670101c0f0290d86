package io.renvoi.links.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renvoi.common.outage.Retrying;
import io.renvoi.common.outage.TransientFailures;
import io.renvoi.common.testing.TestServers;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.config.TestConfigs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.http.HttpHost;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/**
 * Which consumer failures dead-letter a record: only a record that can never be processed. An entry that keeps
 * changing under {@link LinkRegistry#update} is transient (the consumer retries), and a step interrupted while it
 * waits out an outage (shutdown) leaves its record neither acknowledged nor dead-lettered. Without Quarkus; the
 * conflict test writes to the test OpenSearch ({@code -Drenvoi.test.opensearch}).
 */
class ConsumerFailuresTest {
    final LinkCheckerConfig config = TestConfigs.config(Map.of());

    /** A record that counts its acks and nacks (a nack goes to the dead-letter topic). */
    static final class Recorded {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicReference<Throwable> nacked = new AtomicReference<>();
        final Message<String> message;

        Recorded(String payload) {
            message = Message.of(
                    payload,
                    () -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        nacked.set(failure);
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    @Test
    void anEntryThatKeepsChangingIsATransientFailureNotADeadLetter() throws Exception {
        try (RestClient client = TestServers.openSearchClient()) {
            LinkRegistry registry = new LinkRegistry(client);
            String docId = UUID.randomUUID().toString().replace("-", "");
            registry.update(docId, current -> Optional.of(entry(docId)));
            AtomicInteger attempts = new AtomicInteger();
            // every attempt loses to a write made between its read and its write
            assertThatThrownBy(() -> registry.update(docId, current -> {
                        attempts.incrementAndGet();
                        try {
                            registry.update(
                                    docId,
                                    c -> c.map(e -> {
                                        e.checks++;
                                        return e;
                                    }));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return current.map(e -> {
                            e.priority = true;
                            return e;
                        });
                    }))
                    .isInstanceOf(LinkRegistry.ConcurrentChangeException.class)
                    .satisfies(e -> assertThat(TransientFailures.isTransient(e)).isTrue());
            assertThat(attempts.get()).isEqualTo(10);
            assertThat(registry.find(docId).orElseThrow().priority).isFalse();
        }
    }

    @Test
    void aStepInterruptedWhileWaitingOutAnOutageIsNeitherAcknowledgedNorDeadLettered() throws Exception {
        // an OpenSearch that is not there: every registry call fails with a refused connection (transient)
        try (RestClient client =
                RestClient.builder(HttpHost.create("http://127.0.0.1:1")).build()) {
            LinkRegistry registry = new LinkRegistry(client);
            Registration registration = new Registration(registry, config, new EntryLifecycle(config), null);
            RegistryListener listener =
                    new RegistryListener(registration, new Retrying(Duration.ofMillis(50), Duration.ofMillis(100)));
            String docId = "0123456789abcdef0123456789abcdef";
            Recorded record = new Recorded("{\"docId\":\"" + docId + "\",\"url\":\"https://example.org/a\","
                    + "\"collection\":\"c\",\"epoch\":1,\"chunkCount\":1,\"outcome\":\"INDEXED\"}");
            AtomicReference<CompletionStage<Void>> settled = new AtomicReference<>();
            Thread consumer = new Thread(() -> settled.set(listener.onIndexed(record.message)));
            consumer.start();
            Thread.sleep(500); // retrying by now
            consumer.interrupt(); // the application stops
            consumer.join(10_000);
            assertThat(consumer.isAlive()).isFalse();
            settled.get().toCompletableFuture().get(1, TimeUnit.SECONDS);
            assertThat(record.acks.get()).isZero();
            assertThat(record.nacked.get()).isNull();
        }
    }

    @Test
    void aRecordThatCanNeverBeProcessedIsDeadLetteredAndAProcessedOneAcknowledged() {
        Registration unused = null;
        RegistryListener listener = new RegistryListener(unused, Retrying.standard());
        Recorded poison = new Recorded("{not json");
        listener.onIndexed(poison.message);
        assertThat(poison.acks.get()).isZero();
        assertThat(poison.nacked.get()).isInstanceOf(io.renvoi.common.events.PoisonRecordException.class);

        Recorded fine = new Recorded("{\"docId\":\"0123456789abcdef\",\"url\":\"https://example.org/a\","
                + "\"collection\":\"c\",\"epoch\":1,\"chunkCount\":1,\"outcome\":\"FAILED\"}");
        new RegistryListener(new Registration(null, config, new EntryLifecycle(config), null), Retrying.standard())
                .onIndexed(fine.message);
        assertThat(fine.acks.get()).isEqualTo(1);
        assertThat(fine.nacked.get()).isNull();
    }

    private static LinkEntry entry(String docId) {
        LinkEntry e = new LinkEntry();
        e.docId = docId;
        e.url = "https://example.org/" + docId;
        e.host = "example.org";
        e.collection = "consumer-failures-test";
        return e;
    }
}
