package io.renvoi.common.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the shared safe fetcher ({@code renvoi.fetch.*}), the same in every service. */
@ConfigMapping(prefix = "renvoi.fetch")
public interface FetchConfig {
    /** CIDRs or host names that may be fetched although not public; empty in production. */
    Optional<List<String>> allowList();

    /** Time to open a connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for a whole fetch, redirects included. */
    @WithDefault("20s")
    Duration totalTimeout();

    /** Largest body read, in bytes. */
    @WithDefault("10485760")
    long maxBytes();

    /** Redirect hops followed. */
    @WithDefault("5")
    int maxRedirects();

    /** The User-Agent of every request. */
    @WithDefault("Renvoi/0.1")
    String userAgent();

    default FetchLimits limits() {
        return new FetchLimits(allowList().orElse(List.of()), connectTimeout(), totalTimeout(), maxBytes(),
                maxRedirects(), userAgent());
    }
}
