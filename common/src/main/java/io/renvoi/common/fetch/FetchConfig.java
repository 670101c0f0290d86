package io.renvoi.common.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of the shared safe fetcher ({@code renvoi.fetch.*}), the same in every service. */
@ConfigMapping(prefix = "renvoi.fetch")
public interface FetchConfig {
    /** CIDRs or host names that may be fetched although not public; empty in production. */
    Optional<List<String>> allowList();

    /** Time to open a connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence while waiting for response bytes. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Time for a whole fetch, redirects included. */
    @WithDefault("20s")
    Duration totalTimeout();

    /** Largest body read as sent on the wire, in bytes. */
    @WithDefault("10485760")
    long maxBytes();

    /** Largest body after gzip decompression, in bytes (compression-bomb guard). */
    @WithDefault("8388608")
    long maxDecompressedBytes();

    /** Redirect hops followed. */
    @WithDefault("5")
    int maxRedirects();

    /** The User-Agent of every request; its product token is the robots.txt agent name. */
    @WithDefault("Renvoi/0.1")
    String userAgent();

    /** Media types whose bodies are read; anything else is refused as {@code unsupported-type}. */
    @WithDefault("text/html,application/xhtml+xml,text/plain,text/markdown,text/x-markdown,application/pdf")
    List<String> allowedTypes();

    /** Least time between two requests to one host, shared by every fetch of the process. */
    @WithDefault("1s")
    Duration politenessInterval();

    /** Whether robots.txt is fetched and honoured. */
    @WithDefault("true")
    boolean robots();

    /** How long a host's robots.txt is cached. */
    @WithDefault("1h")
    Duration robotsTtl();

    /** The longest robots.txt crawl-delay honoured; longer ones are capped. */
    @WithDefault("30s")
    Duration maxCrawlDelay();

    /**
     * Per-host settings an operator makes for sites they own, e.g.
     * {@code renvoi.fetch.hosts."docs.example.org".interval=100ms}.
     */
    Map<String, HostSettings> hosts();

    /** What an operator may set for one host. */
    interface HostSettings {
        /** Least time between two requests to this host; replaces the default and the robots.txt crawl-delay. */
        Optional<Duration> interval();
    }

    default FetchLimits limits() {
        Map<String, Duration> intervals = new java.util.HashMap<>();
        hosts().forEach((host, s) -> s.interval().ifPresent(d -> intervals.put(host, d)));
        return new FetchLimits(
                allowList().orElse(List.of()),
                connectTimeout(),
                readTimeout(),
                totalTimeout(),
                maxBytes(),
                maxDecompressedBytes(),
                maxRedirects(),
                userAgent(),
                new HashSet<>(allowedTypes()),
                politenessInterval(),
                robots(),
                robotsTtl(),
                maxCrawlDelay(),
                intervals);
    }
}
