package io.renvoi.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: ready once the API keys of {@code rag.keys} have been read (before that, valid keys could get 401). */
@Readiness
@ApplicationScoped
public class KeysReadiness implements HealthCheck {
    @Inject
    KeyRing ring;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys").status(ring.loaded()).build();
    }
}
