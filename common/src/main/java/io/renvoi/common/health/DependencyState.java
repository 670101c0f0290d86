package io.renvoi.common.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The state of a dependency that a service can serve without (Kafka; Triton for query-service): reads it through
 * a probe at most once per {@code ttl}, and reports it as a health check response (for a {@code @Wellness} check:
 * {@code /q/health} and {@code /q/health/well} show it, readiness does not depend on it) and as the gauge
 * {@code renvoi.dependency.up{dependency=NAME}} (1 up, 0 down). Requests that need the dependency fail with 503
 * on their own; the pod stays in its Service for those that do not.
 */
public final class DependencyState {
    /** One probe's outcome: up or down, and what to show in the health details. */
    public record Probe(boolean up, Map<String, Object> data) {}

    private final String name;
    private final Callable<Probe> probe;
    private final long ttlNanos;
    private Probe last;
    private long readAt;

    public DependencyState(String name, Duration ttl, Callable<Probe> probe, MeterRegistry meters) {
        this.name = name;
        this.probe = probe;
        this.ttlNanos = ttl.toNanos();
        Gauge.builder("renvoi.dependency.up", this, s -> s.current().up() ? 1 : 0)
                .description("1 while the dependency answers its probe, 0 otherwise")
                .tag("dependency", name)
                .register(meters);
    }

    /** The latest probe, probing again when it is older than the ttl (one probe at a time). */
    public synchronized Probe current() {
        long now = System.nanoTime();
        if (last == null || now - readAt >= ttlNanos) {
            try {
                last = probe.call();
            } catch (Exception e) {
                last = new Probe(false, Map.of("error", String.valueOf(e.getMessage())));
            }
            readAt = System.nanoTime();
        }
        return last;
    }

    /** The current state as a health check response named after the dependency. */
    public HealthCheckResponse health() {
        Probe p = current();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(p.up());
        p.data().forEach((k, v) -> {
            if (v instanceof Number n) b.withData(k, n.longValue());
            else if (v instanceof Boolean f) b.withData(k, f);
            else b.withData(k, String.valueOf(v));
        });
        return b.build();
    }
}
