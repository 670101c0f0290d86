package io.renvoi.common.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.events.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Kafka's state for operators, not for readiness: every service keeps serving what needs no Kafka (search,
 * status, keys already read) and fails the rest with 503, so a broker outage must not take the pods out of their
 * Services. Reads the cluster's nodes with an Admin client made from the service's {@code kafka.*} settings (TLS
 * and SASL included); shown in {@code /q/health} and as {@code renvoi.dependency.up{dependency="kafka"}}.
 */
@Wellness
@ApplicationScoped
public class KafkaWellness implements HealthCheck {
    private final Admin admin;
    private final DependencyState state;

    KafkaWellness(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry meters) {
        Map<String, Object> p = KafkaClients.config(kafka, "renvoi-health");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        this.admin = Admin.create(p);
        Object bootstrap = kafka.getOrDefault("bootstrap.servers", "");
        this.state = new DependencyState("kafka", Duration.ofSeconds(5), () -> probe(bootstrap), meters);
    }

    /** Creates the bean (and its gauge) at start rather than at the first health request. */
    void start(@Observes Startup event) {
        state.current();
    }

    private DependencyState.Probe probe(Object bootstrap) throws Exception {
        int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
        return new DependencyState.Probe(nodes > 0, Map.of("bootstrap", bootstrap, "nodes", nodes));
    }

    @Override
    public HealthCheckResponse call() {
        return state.health();
    }

    @PreDestroy
    void stop() {
        admin.close(Duration.ofSeconds(2));
    }
}
