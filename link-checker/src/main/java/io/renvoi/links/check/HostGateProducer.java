package io.renvoi.links.check;

import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.links.config.LinkCheckerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.opensearch.client.RestClient;

/** Builds the process-wide {@link HostGate} from {@link LinkCheckerConfig} and the fetcher's politeness policy. */
@ApplicationScoped
public class HostGateProducer {
    @Produces
    @Singleton
    HostGate hostGate(RestClient client, LinkCheckerConfig config, SafeFetcher fetcher) {
        return new HostGate(
                client, config.hostDelay(), config.hostWait(), fetcher.politeness()::key, fetcher::interval);
    }
}
