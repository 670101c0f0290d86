package io.renvoi.query.llm;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.health.DependencyState;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Triton's ServerReady and ModelReady of the configured LLM, for operators ({@code /q/health}, {@code /q/health/well}
 * and {@code renvoi.dependency.up{dependency="triton"}}), deliberately not a readiness check: without Triton
 * query-service still serves {@code /api/v1/search}, and {@code /api/v1/query} answers 503 problem+json
 * ({@link LlmUnavailableException}, {@link BreakerOpenMapper}), so a Triton rollout or a GPU-node drain does not take the pods out of their Service.
 */
@Wellness
@ApplicationScoped
public class TritonHealthCheck implements HealthCheck {
    @Inject
    TritonLlmGateway gateway;

    @Inject
    TritonConfig config;

    @Inject
    MeterRegistry meters;

    private DependencyState state;

    @PostConstruct
    void init() {
        Map<String, Object> data = Map.of("endpoint", config.host() + ":" + config.port(), "model", config.model());
        state = new DependencyState(
                "triton", Duration.ofSeconds(2), () -> new DependencyState.Probe(gateway.ready(), data), meters);
    }

    /** Creates the bean (and its gauge) at start rather than at the first health request. */
    void start(@Observes Startup event) {
        state.current();
    }

    @Override
    public HealthCheckResponse call() {
        return state.health();
    }
}
