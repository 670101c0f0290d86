package io.renvoi.links.check;

import io.renvoi.links.config.LinkCheckerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.opensearch.client.RestClient;

/** Builds the process-wide {@link HostGate} from {@link LinkCheckerConfig}. */
@ApplicationScoped
public class HostGateProducer {
    @Produces
    @Singleton
    HostGate hostGate(RestClient client, LinkCheckerConfig config) {
        return new HostGate(client, config.hostDelay(), config.hostWait());
    }
}
