package io.renvoi.common.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Builds the process-wide {@link SafeFetcher} and its {@link HostSchedule} from {@link FetchConfig}: one
 * politeness schedule per process, so crawl-frontier fetches, answer-time re-reads and link checks share it.
 */
@ApplicationScoped
public class FetcherProducer {
    @Produces
    @Singleton
    HostSchedule hostSchedule() {
        return new HostSchedule();
    }

    @Produces
    @Singleton
    SafeFetcher safeFetcher(FetchConfig config, HostSchedule schedule) {
        return new SafeFetcher(config.limits(), schedule);
    }

    void close(@Disposes SafeFetcher fetcher) throws IOException {
        fetcher.close();
    }
}
