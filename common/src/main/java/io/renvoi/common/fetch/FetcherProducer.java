package io.renvoi.common.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the process-wide {@link SafeFetcher} from {@link FetchConfig}. */
@ApplicationScoped
public class FetcherProducer {
    @Produces
    @Singleton
    SafeFetcher safeFetcher(FetchConfig config) {
        return new SafeFetcher(config.limits());
    }
}
