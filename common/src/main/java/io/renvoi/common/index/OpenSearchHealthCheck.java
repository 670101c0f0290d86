package io.renvoi.common.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/** Readiness: the service is ready only while OpenSearch answers {@code GET /_cluster/health}. */
@Readiness
@ApplicationScoped
public class OpenSearchHealthCheck implements HealthCheck {
    @Inject
    RestClient client;

    @Override
    public HealthCheckResponse call() {
        try {
            int status = client.performRequest(new Request("GET", "/_cluster/health"))
                    .getStatusLine()
                    .getStatusCode();
            return HealthCheckResponse.named("opensearch")
                    .status(status == 200)
                    .withData("http", status)
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("opensearch")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
