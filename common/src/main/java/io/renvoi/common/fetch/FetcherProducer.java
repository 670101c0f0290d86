package io.renvoi.common.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Builds the process-wide {@link SafeFetcher} and its {@link HostPoliteness} from {@link FetchConfig}:
 * one politeness table per process, so ingest workers, answer-time re-reads and link checks share it.
 */
@ApplicationScoped
public class FetcherProducer {
    @Produces
    @Singleton
    HostPoliteness hostPoliteness(FetchConfig config) {
        return new HostPoliteness(config.politenessInterval());
    }

    @Produces
    @Singleton
    SafeFetcher safeFetcher(FetchConfig config, HostPoliteness politeness) {
        return new SafeFetcher(config.limits(), politeness);
    }

    void close(@Disposes SafeFetcher fetcher) throws IOException {
        fetcher.close();
    }
}
