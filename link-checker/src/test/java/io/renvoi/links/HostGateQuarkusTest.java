package io.renvoi.links;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.links.check.HostGate;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/** Per-host politeness across replicas, through rag-link-hosts on the real test OpenSearch. */
@QuarkusTest
class HostGateQuarkusTest {
    @Inject
    RestClient client;

    @Test
    void twoReplicasTogetherNeverEnterOneHostMoreOftenThanTheDelay() throws Exception {
        String url = "http://gate-" + UUID.randomUUID().toString().substring(0, 8) + ".example/page";
        HostGate replicaA = new HostGate(client, Duration.ofMillis(400), Duration.ofSeconds(10));
        HostGate replicaB = new HostGate(client, Duration.ofMillis(400), Duration.ofSeconds(10));
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> enter(replicaA, url, "a", 3, grants));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> enter(replicaB, url, "b", 3, grants));
        a.get();
        b.get();
        List<Long> sorted = new ArrayList<>(grants);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(6);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap %d", i).isGreaterThanOrEqualTo(400);
        }
        // another host is not held back
        assertThat(replicaA.enter("http://other-" + UUID.randomUUID() + ".example/", "a"))
                .isPositive();
    }

    @Test
    void aReplicaThatWouldWaitTooLongLeavesTheHostForLater() throws Exception {
        String url = "http://busy-" + UUID.randomUUID().toString().substring(0, 8) + ".example/";
        HostGate patient = new HostGate(client, Duration.ofSeconds(30), Duration.ofMillis(100));
        assertThat(patient.enter(url, "a")).isPositive();
        assertThat(patient.enter(url, "b")).isEqualTo(-1);
    }

    private static void enter(HostGate gate, String url, String owner, int times, List<Long> grants) {
        try {
            for (int i = 0; i < times; i++) {
                long granted = gate.enter(url, owner);
                assertThat(granted).isPositive();
                grants.add(granted);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
