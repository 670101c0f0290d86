package io.renvoi.query.llm;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: Triton's ServerReady and ModelReady of the configured LLM. */
@Readiness
@ApplicationScoped
public class TritonHealthCheck implements HealthCheck {
    private final TritonLlmGateway gateway;
    private final TritonConfig config;

    TritonHealthCheck(TritonLlmGateway gateway, TritonConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready;
        try {
            ready = gateway.ready();
        } catch (RuntimeException e) {
            ready = false;
        }
        return HealthCheckResponse.named("triton")
                .status(ready)
                .withData("endpoint", config.host() + ":" + config.port())
                .withData("model", config.model())
                .build();
    }
}
