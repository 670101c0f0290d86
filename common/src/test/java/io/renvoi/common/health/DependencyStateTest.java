package io.renvoi.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe runs at most once per ttl, a failing probe reads as down, and the gauge follows the state. */
class DependencyStateTest {
    @Test
    void probesAtMostOncePerTtlAndTheGaugeFollows() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger probes = new AtomicInteger();
        AtomicBoolean up = new AtomicBoolean(true);
        DependencyState state = new DependencyState(
                "thing",
                Duration.ofHours(1),
                () -> {
                    probes.incrementAndGet();
                    return new DependencyState.Probe(up.get(), Map.of("n", 1));
                },
                meters);

        assertThat(meters.get("renvoi.dependency.up")
                        .tag("dependency", "thing")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        up.set(false);
        assertThat(state.current().up()).as("cached within the ttl").isTrue();
        assertThat(probes).hasValue(1);
    }

    @Test
    void aProbeThatThrowsIsDownWithTheErrorAndIsRetriedAfterTheTtl() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger probes = new AtomicInteger();
        DependencyState state = new DependencyState(
                "broken",
                Duration.ZERO,
                () -> {
                    probes.incrementAndGet();
                    throw new IllegalStateException("connection refused");
                },
                meters);

        DependencyState.Probe p = state.current();
        assertThat(p.up()).isFalse();
        assertThat(p.data()).containsEntry("error", "connection refused");
        assertThat(meters.get("renvoi.dependency.up")
                        .tag("dependency", "broken")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
        assertThat(probes.get()).as("ttl zero: probed on every read").isGreaterThanOrEqualTo(2);
    }
}
