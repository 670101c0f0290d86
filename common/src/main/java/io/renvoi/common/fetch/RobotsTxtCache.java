package io.renvoi.common.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * robots.txt rules per host (scheme, host, port), parsed with crawler-commons for the fetcher's agent name
 * and cached for a TTL. Reads {@code /robots.txt} through the fetcher (so the address policy and
 * politeness apply to it too). Per RFC 9309: a 4xx means no rules, a 5xx or an unreachable file means
 * "disallow everything" until the entry expires.
 */
final class RobotsTxtCache {
    /**
     * The rules that apply to one host, and when they expire.
     *
     * @param unreachable the failure when robots.txt could not be asked for at all (refused address, DNS):
     *     the page itself would fail the same way, so the fetcher reports that instead of a robots verdict
     */
    record Entry(BaseRobotRules rules, FetchResult unreachable, long expiresAt) {}

    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    private final List<String> agentNames;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param userAgent the User-Agent header, e.g. {@code Renvoi/0.1}; its product token is matched in robots.txt
     */
    RobotsTxtCache(String userAgent, Duration ttl, Duration maxCrawlDelay) {
        String token = userAgent.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        this.agentNames = List.of(token.isEmpty() ? "renvoi" : token);
        this.ttlMillis = ttl.toMillis();
        parser.setMaxCrawlDelay(maxCrawlDelay.toMillis());
    }

    /**
     * @param origin scheme://host[:port]
     * @param fetchRobots fetches {@code origin + "/robots.txt"} without a robots check
     */
    Entry rules(String origin, Function<String, FetchResult> fetchRobots) {
        long now = System.currentTimeMillis();
        Entry entry = cache.get(origin);
        if (entry == null || entry.expiresAt() < now) {
            entry = read(origin, fetchRobots, now + ttlMillis);
            cache.put(origin, entry);
        }
        return entry;
    }

    private Entry read(String origin, Function<String, FetchResult> fetchRobots, long expiresAt) {
        String url = origin + "/robots.txt";
        FetchResult r = fetchRobots.apply(url);
        if (r.ok()) {
            return new Entry(parser.parseContent(url, r.body(), "text/plain", agentNames), null, expiresAt);
        }
        if (r.outcome() == FetchOutcome.PRIVATE_ADDRESS || r.outcome() == FetchOutcome.DNS) {
            return new Entry(parser.failedFetch(503), r, System.currentTimeMillis());
        }
        if (r.status() >= 400 && r.status() < 500) {
            return new Entry(parser.failedFetch(404), null, expiresAt); // no robots.txt: everything allowed
        }
        // 5xx, timeouts, unreadable: the site may not want us; disallow until the entry expires.
        return new Entry(parser.failedFetch(r.status() >= 500 ? r.status() : 503), null, expiresAt);
    }

    /** The crawl-delay of the rules, zero when unset. */
    static Duration crawlDelay(BaseRobotRules rules) {
        long ms = rules.getCrawlDelay();
        return ms == BaseRobotRules.UNSET_CRAWL_DELAY || ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }
}
