package io.renvoi.common.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * robots.txt rules per host (scheme, host, port), parsed with crawler-commons for the fetcher's agent name
 * and cached for a TTL. Reads {@code /robots.txt} through the fetcher (so the address policy and
 * politeness apply to it too). Per RFC 9309: a 4xx means no rules; a 5xx or an unreachable file means
 * "disallow everything", reported with the cause (http-5xx, timeout…) rather than as a robots verdict, and
 * asked again after {@link #RETRY_UNAVAILABLE_AFTER} rather than after the whole TTL. One fetch per host at a
 * time: concurrent fetches to a host whose rules are unknown wait for the first one's answer.
 */
final class RobotsTxtCache {
    /** How soon a robots.txt that answered 5xx or could not be read is asked for again. */
    static final Duration RETRY_UNAVAILABLE_AFTER = Duration.ofMinutes(1);
    /** Hosts kept before expired entries are swept. */
    private static final int SWEEP_ABOVE = 10_000;

    /**
     * The rules that apply to one host, and when they expire.
     *
     * @param unreachable why robots.txt could not be read (refused address, DNS, 5xx, timeout): the fetcher
     *     reports that failure for the page instead of a robots verdict
     */
    record Entry(BaseRobotRules rules, FetchResult unreachable, long expiresAt) {}

    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final List<String> agentNames;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> cache = new ConcurrentHashMap<>();

    /**
     * @param userAgent the User-Agent header, e.g. {@code Renvoi/0.1}; its product token is matched in robots.txt
     */
    RobotsTxtCache(String userAgent, Duration ttl, Duration maxCrawlDelay) {
        String token = userAgent.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        this.agentNames = List.of(token.isEmpty() ? "renvoi" : token);
        this.ttlMillis = ttl.toMillis();
        parser.setMaxCrawlDelay(maxCrawlDelay.toMillis());
    }

    /** The rules of an origin when already read (fresh or not), else null; never fetches. */
    Entry known(String origin) {
        CompletableFuture<Entry> f = cache.get(origin);
        return f == null || !f.isDone() || f.isCompletedExceptionally() ? null : f.join();
    }

    /**
     * @param origin scheme://host[:port]
     * @param fetchRobots fetches {@code origin + "/robots.txt"} without a robots check
     */
    Entry rules(String origin, Function<String, FetchResult> fetchRobots) {
        while (true) {
            CompletableFuture<Entry> known = cache.get(origin);
            if (known != null && (!known.isDone() || known.join().expiresAt() >= System.currentTimeMillis())) {
                return known.join(); // fresh, or being read by another thread
            }
            CompletableFuture<Entry> mine = new CompletableFuture<>();
            boolean claimed =
                    known == null ? cache.putIfAbsent(origin, mine) == null : cache.replace(origin, known, mine);
            if (!claimed) {
                continue; // another thread started reading it first
            }
            try {
                Entry entry = read(origin, fetchRobots);
                mine.complete(entry);
                sweepIfLarge();
                return entry;
            } catch (RuntimeException | Error e) {
                cache.remove(origin, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    private Entry read(String origin, Function<String, FetchResult> fetchRobots) {
        String url = origin + "/robots.txt";
        FetchResult r = fetchRobots.apply(url);
        long now = System.currentTimeMillis();
        if (r.ok()) {
            return new Entry(parser.parseContent(url, r.body(), "text/plain", agentNames), null, now + ttlMillis);
        }
        if (r.outcome() == FetchOutcome.PRIVATE_ADDRESS || r.outcome() == FetchOutcome.DNS) {
            return new Entry(parser.failedFetch(503), r, now);
        }
        if (r.status() >= 400 && r.status() < 500) {
            return new Entry(parser.failedFetch(404), null, now + ttlMillis); // no robots.txt: everything allowed
        }
        // 5xx, timeouts, unreadable: the site may not want us; disallow everything for now, and say why.
        FetchResult cause = r.status() >= 500
                ? FetchResult.failure(FetchOutcome.HTTP_5XX, r.status(), url, "robots.txt answered " + r.status())
                : FetchResult.failure(
                        r.outcome() == null ? FetchOutcome.CONNECTION : r.outcome(),
                        r.status(),
                        url,
                        "robots.txt could not be read: " + r.detail());
        return new Entry(parser.failedFetch(503), cause, now + Math.min(ttlMillis, RETRY_UNAVAILABLE_AFTER.toMillis()));
    }

    private void sweepIfLarge() {
        if (cache.size() > SWEEP_ABOVE) {
            long now = System.currentTimeMillis();
            cache.values()
                    .removeIf(f -> f.isDone()
                            && !f.isCompletedExceptionally()
                            && f.join().expiresAt() < now);
        }
    }
    /** The crawl-delay of the rules, zero when unset. */
    static Duration crawlDelay(BaseRobotRules rules) {
        long ms = rules.getCrawlDelay();
        return ms == BaseRobotRules.UNSET_CRAWL_DELAY || ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }
}
