package io.renvoi.common.fetch;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Fetches http(s) URLs for ingest, answer-time verification and link checks. Every hop: the URL is
 * normalised, robots.txt is consulted (cached per host), the site's politeness slot is awaited
 * ({@link PolitenessPolicy}, {@link HostSchedule}; the wait is not part of the time budget), and the
 * connection goes only to addresses the {@link AddressPolicy} accepts, checked at connect time by
 * {@link CheckedDnsResolver}. At most {@code maxRedirects} redirects; connect, read and total time bounded;
 * the body is bounded on the wire and, when gzip, after decompression; only allowed media types are read;
 * conditional headers are sent when a validator is known. Each hop's request and response are
 * {@link RequestSender}'s; this class keeps robots.txt, politeness, the time budget and the redirect loop.
 * Thread-safe; share one per process.
 */
public final class SafeFetcher implements AutoCloseable {
    /** robots.txt is plain text, but servers label it many ways; its size is bounded all the same. */
    private static final java.util.Set<String> ROBOTS_TYPES = new java.util.AbstractSet<>() {
        @Override
        public boolean contains(Object o) {
            return true;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    private final FetchLimits limits;
    private final PolitenessPolicy policy;
    private final HostSchedule schedule;
    private final RobotsTxtCache robots;
    private final RequestSender http;
    /** The longest robots.txt crawl-delay seen under each politeness key (see {@link #spacing}). */
    private final java.util.concurrent.ConcurrentHashMap<String, Duration> siteDelays =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A fetcher with its own schedule (tests, tools); services share the producer's one per process. */
    public SafeFetcher(FetchLimits limits) {
        this(limits, new HostSchedule());
    }

    public SafeFetcher(FetchLimits limits, HostSchedule schedule) {
        this.limits = limits;
        this.policy = limits.politeness();
        this.schedule = schedule;
        this.robots = new RobotsTxtCache(limits.userAgent(), limits.robotsTtl(), limits.maxCrawlDelay());
        this.http = new RequestSender(limits);
    }

    /** Forgets the politeness slots of sites not asked for {@code idle} (bounded memory over many sites). */
    public void forgetIdleSites(Duration idle) {
        schedule.sweep(idle);
    }

    /** The politeness rules this fetcher follows. */
    public PolitenessPolicy politeness() {
        return policy;
    }

    /**
     * When a fetch of the URL could start without waiting for politeness ({@link System#nanoTime()} scale): the
     * crawl frontier dispatches a URL only then, so no fetch it starts waits inside its time budget.
     */
    public long freeAt(String url) {
        return schedule.freeAt(policy.key(url));
    }

    /** The interval the URL's site is spaced by now (robots.txt crawl-delay included once it is known). */
    public Duration interval(String url) {
        try {
            URI uri = URI.create(url);
            RobotsTxtCache.Entry known = robots.known(origin(uri));
            return spacing(
                    url, policy.key(url), known == null ? Duration.ZERO : RobotsTxtCache.crawlDelay(known.rules()));
        } catch (IllegalArgumentException e) {
            return policy.defaultInterval();
        }
    }

    /** What the site's robots.txt says of a URL now (the link-checker evicts only on a clear "disallowed"). */
    public RobotsVerdict robotsVerdict(String url) {
        URI uri;
        try {
            uri = URI.create(UrlNormalizer.normalize(url));
        } catch (IllegalArgumentException e) {
            return RobotsVerdict.UNKNOWN;
        }
        if (!limits.robots()) {
            return RobotsVerdict.ALLOWED;
        }
        RobotsTxtCache.Entry rules = robotsOf(uri);
        if (rules.unreachable() != null) {
            return RobotsVerdict.UNKNOWN;
        }
        return rules.rules().isAllowed(uri.toString()) ? RobotsVerdict.ALLOWED : RobotsVerdict.DISALLOWED;
    }

    /** What robots.txt says of a URL. */
    public enum RobotsVerdict {
        ALLOWED,
        DISALLOWED,
        /** robots.txt could not be read (unreachable, 5xx): no verdict. */
        UNKNOWN
    }

    public FetchResult fetch(String url) {
        return fetch(url, null, null);
    }

    /**
     * @param etag sent as If-None-Match when not null
     * @param lastModified sent as If-Modified-Since when not null
     */
    public FetchResult fetch(String url, String etag, String lastModified) {
        return fetch(url, etag, lastModified, limits.allowedTypes());
    }

    /**
     * Fetches with redirects. The time budget ({@code total-timeout}) counts only time spent on requests: the
     * waits for a host's politeness slot before each hop are not part of it.
     *
     * @param allowedTypes the media types read for this fetch (e.g. XML for a sitemap), instead of the configured ones
     */
    public FetchResult fetch(String url, String etag, String lastModified, java.util.Set<String> allowedTypes) {
        Budget budget = new Budget(limits.totalTimeout());
        String current = url;
        boolean allPermanent = true;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            URI uri;
            try {
                uri = URI.create(UrlNormalizer.normalize(current));
            } catch (IllegalArgumentException e) {
                return FetchResult.failure(FetchOutcome.INVALID_URL, 0, current, e.getMessage());
            }
            Duration crawlDelay = Duration.ZERO;
            if (limits.robots()) {
                RobotsTxtCache.Entry rules = robotsOf(uri);
                if (rules.unreachable() != null) {
                    FetchResult r = rules.unreachable();
                    return FetchResult.failure(r.outcome(), 0, uri.toString(), r.detail());
                }
                if (!rules.rules().isAllowed(uri.toString())) {
                    return FetchResult.failure(
                            FetchOutcome.ROBOTS_DISALLOWED,
                            0,
                            uri.toString(),
                            "robots.txt disallows " + uri.getRawPath() + " for " + limits.userAgent());
                }
                crawlDelay = RobotsTxtCache.crawlDelay(rules.rules());
            }
            FetchResult result = politeSend(
                    uri, hop == 0 ? etag : null, hop == 0 ? lastModified : null, budget, allowedTypes, crawlDelay);
            if (result.outcome() != null) {
                return result.afterRedirects(hop, allPermanent);
            }
            allPermanent &= result.status() == 301 || result.status() == 308;
            current = result.finalUrl(); // a redirect: outcome null, finalUrl the Location resolved
        }
        return FetchResult.failure(
                FetchOutcome.TOO_MANY_REDIRECTS, 0, current, "more than " + limits.maxRedirects() + " redirects");
    }

    /** What is left of one fetch's time budget: only time spent on requests counts, never politeness waits. */
    private static final class Budget {
        long nanos;

        Budget(Duration total) {
            this.nanos = total.toNanos();
        }
    }

    /**
     * One request in its politeness slot: waits for the key's slot (outside the budget), sends, and holds the
     * next slot one interval after the answer, so a request delayed after its reservation cannot crowd the next.
     */
    private FetchResult politeSend(
            URI uri,
            String etag,
            String lastModified,
            Budget budget,
            java.util.Set<String> allowedTypes,
            Duration crawlDelay) {
        String url = uri.toString();
        String key = policy.key(url);
        Duration interval = spacing(url, key, crawlDelay);
        try {
            schedule.acquire(key, interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FetchResult.failure(FetchOutcome.TIMEOUT, 0, url, "interrupted");
        }
        long start = System.nanoTime();
        try {
            return http.send(uri, etag, lastModified, start + budget.nanos, allowedTypes);
        } finally {
            budget.nanos -= System.nanoTime() - start;
            schedule.holdAfterAnswer(key, interval);
        }
    }

    /**
     * The interval of a URL under its key: the policy's, with the longest crawl-delay any host of the site asked
     * (hosts of one site share a key: www.example.org's 10 s holds for docs.example.org too).
     */
    private Duration spacing(String url, String key, Duration crawlDelay) {
        Duration siteDelay = crawlDelay.isZero()
                ? siteDelays.getOrDefault(key, Duration.ZERO)
                : siteDelays.merge(key, crawlDelay, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return policy.interval(url, siteDelay);
    }

    private RobotsTxtCache.Entry robotsOf(URI uri) {
        return robots.rules(origin(uri), this::fetchRobots);
    }

    /**
     * robots.txt of an origin, following redirects like a page (http to https, a www host), each hop
     * address-checked and spaced by politeness; RFC 9309 asks crawlers to follow at least five.
     */
    private FetchResult fetchRobots(String robotsUrl) {
        Budget budget = new Budget(limits.totalTimeout());
        URI uri = URI.create(robotsUrl);
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            FetchResult r = politeSend(uri, null, null, budget, ROBOTS_TYPES, Duration.ZERO);
            if (r.outcome() != null) {
                return r;
            }
            try {
                uri = URI.create(UrlNormalizer.normalize(r.finalUrl()));
            } catch (IllegalArgumentException e) {
                return FetchResult.failure(
                        FetchOutcome.INVALID_URL, r.status(), r.finalUrl(), "bad robots.txt redirect");
            }
        }
        return FetchResult.failure(
                FetchOutcome.TOO_MANY_REDIRECTS, 0, uri.toString(), "robots.txt redirects too often");
    }

    /** scheme://host[:port], the key of robots.txt and politeness. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
