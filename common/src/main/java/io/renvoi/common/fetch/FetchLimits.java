package io.renvoi.common.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a fetch may cost and reach.
 *
 * @param allowList CIDRs or host names allowed although not public (tests and the local demo: 127.0.0.1/32)
 * @param connectTimeout time to open a connection
 * @param readTimeout longest silence while waiting for response bytes
 * @param totalTimeout time for the whole fetch, redirects included (politeness waits excluded)
 * @param maxBytes a body larger than this on the wire is refused (reading stops there)
 * @param maxDecompressedBytes a gzip body that inflates past this is refused (reading stops there)
 * @param maxRedirects redirect hops followed, each re-checked against the address policy
 * @param userAgent sent with every request; its product token (before "/") is the robots.txt agent name
 * @param allowedTypes media types whose bodies are read; others are refused as unsupported-type
 * @param politenessInterval least time between two requests to one host, process-wide
 * @param robots whether robots.txt is fetched and honoured
 * @param robotsTtl how long a host's robots.txt is cached
 * @param maxCrawlDelay the longest robots.txt crawl-delay honoured (longer ones are capped to it)
 * @param hostIntervals operator intervals for hosts they own, by host name; they replace the default and crawl-delay
 */
public record FetchLimits(
        List<String> allowList,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        long maxBytes,
        long maxDecompressedBytes,
        int maxRedirects,
        String userAgent,
        Set<String> allowedTypes,
        Duration politenessInterval,
        boolean robots,
        Duration robotsTtl,
        Duration maxCrawlDelay,
        Map<String, Duration> hostIntervals) {

    /** The media types the extractors understand. */
    public static final Set<String> DEFAULT_TYPES = Set.of(
            "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown", "application/pdf");

    public FetchLimits {
        allowList = List.copyOf(allowList);
        allowedTypes = Set.copyOf(allowedTypes);
        hostIntervals = Map.copyOf(hostIntervals);
    }

    /** The politeness of these limits: default interval, crawl-delay cap, operator intervals. */
    public PolitenessPolicy politeness() {
        return new PolitenessPolicy(politenessInterval, maxCrawlDelay, hostIntervals);
    }

    /** The original six limits; the others take their defaults. */
    public FetchLimits(
            List<String> allowList,
            Duration connectTimeout,
            Duration totalTimeout,
            long maxBytes,
            int maxRedirects,
            String userAgent) {
        this(
                allowList,
                connectTimeout,
                Duration.ofSeconds(10),
                totalTimeout,
                maxBytes,
                4 * maxBytes,
                maxRedirects,
                userAgent,
                DEFAULT_TYPES,
                Duration.ofSeconds(1),
                true,
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Map.of());
    }

    public static FetchLimits defaults() {
        return new FetchLimits(
                List.of(), Duration.ofSeconds(5), Duration.ofSeconds(20), 10L * 1024 * 1024, 5, "Renvoi/0.1");
    }

    public FetchLimits withAllowList(List<String> list) {
        return with(b -> b.allowList = list);
    }

    public FetchLimits withPoliteness(Duration interval) {
        return with(b -> b.politenessInterval = interval);
    }

    public FetchLimits withReadTimeout(Duration timeout) {
        return with(b -> b.readTimeout = timeout);
    }

    public FetchLimits withSizes(long wire, long decompressed) {
        return with(b -> {
            b.maxBytes = wire;
            b.maxDecompressedBytes = decompressed;
        });
    }

    public FetchLimits withRobots(boolean enabled) {
        return with(b -> b.robots = enabled);
    }

    /** A copy of these limits with {@code change} applied. */
    private FetchLimits with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The limits as mutable fields, for the {@code with} methods. */
    private static final class Copy {
        List<String> allowList;
        Duration readTimeout;
        long maxBytes;
        long maxDecompressedBytes;
        Duration politenessInterval;
        boolean robots;
        private final FetchLimits from;

        Copy(FetchLimits from) {
            this.from = from;
            allowList = from.allowList;
            readTimeout = from.readTimeout;
            maxBytes = from.maxBytes;
            maxDecompressedBytes = from.maxDecompressedBytes;
            politenessInterval = from.politenessInterval;
            robots = from.robots;
        }

        FetchLimits build() {
            return new FetchLimits(
                    allowList,
                    from.connectTimeout,
                    readTimeout,
                    from.totalTimeout,
                    maxBytes,
                    maxDecompressedBytes,
                    from.maxRedirects,
                    from.userAgent,
                    from.allowedTypes,
                    politenessInterval,
                    robots,
                    from.robotsTtl,
                    from.maxCrawlDelay,
                    from.hostIntervals);
        }
    }
}
