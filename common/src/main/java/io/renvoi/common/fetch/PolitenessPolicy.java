package io.renvoi.common.fetch;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How often one site may be asked: the key a URL is spaced under and the interval between two requests to
 * that key. The key is the registrable domain of the host ({@code docs.example.org} and
 * {@code www.example.org} share {@code example.org}; public suffixes from crawler-commons' list), an IP
 * literal as it is, or the host itself when an operator set an interval for it. The interval is the
 * operator's for that host when set (for sites they own), else the longer of the default and the site's
 * robots.txt {@code Crawl-delay}, capped at {@code maxCrawlDelay}. Reads and writes nothing.
 */
public final class PolitenessPolicy {
    private final Duration defaultInterval;
    private final Duration maxCrawlDelay;
    private final Map<String, Duration> hostIntervals;

    /**
     * @param hostIntervals operator intervals by host name (lower case), e.g. {@code docs.example.org -> 100ms}
     */
    public PolitenessPolicy(Duration defaultInterval, Duration maxCrawlDelay, Map<String, Duration> hostIntervals) {
        this.defaultInterval = defaultInterval;
        this.maxCrawlDelay = maxCrawlDelay;
        Map<String, Duration> lower = new java.util.HashMap<>();
        hostIntervals.forEach((h, d) -> lower.put(h.toLowerCase(Locale.ROOT), d));
        this.hostIntervals = Map.copyOf(lower);
    }

    public Duration defaultInterval() {
        return defaultInterval;
    }

    /** The key of a URL's host; the URL itself when it has no host (it will fail as invalid-url anyway). */
    public String key(String url) {
        String host = host(url);
        if (host == null) {
            return String.valueOf(url);
        }
        return hostIntervals.containsKey(host) ? host : siteOfHost(host);
    }

    /**
     * The least time between two requests to the URL's key.
     *
     * @param crawlDelay the site's robots.txt crawl-delay, or {@link Duration#ZERO}
     */
    public Duration interval(String url, Duration crawlDelay) {
        String host = host(url);
        Duration own = host == null ? null : hostIntervals.get(host);
        if (own != null) {
            return own;
        }
        Duration delay = crawlDelay.compareTo(maxCrawlDelay) > 0 ? maxCrawlDelay : crawlDelay;
        return delay.compareTo(defaultInterval) > 0 ? delay : defaultInterval;
    }

    /**
     * The site of a URL without operator settings: its registrable domain, or its IP literal. Requests for one
     * site share a Kafka partition (a superset of a politeness key, which an operator's host setting may split).
     */
    public static String site(String url) {
        String host = host(url);
        return host == null ? String.valueOf(url) : siteOfHost(host);
    }

    /** The registrable domain of a lower-case host name; an IP literal as it is. */
    private static String siteOfHost(String host) {
        if (host.startsWith("[") || isIpv4(host)) {
            return host;
        }
        String domain = EffectiveTldFinder.getAssignedDomain(host, true, false);
        return domain == null || domain.isEmpty() ? host : domain;
    }

    /** The URL's host in lower case, or null when it has none or is not a URI. */
    private static String host(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isIpv4(String host) {
        return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
