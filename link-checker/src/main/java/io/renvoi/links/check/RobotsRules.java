package io.renvoi.links.check;

import io.renvoi.common.fetch.FetchOutcome;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a site's robots.txt now disallows a URL for our user agent (the group naming {@code agent}, else
 * {@code *}; the longest matching Allow/Disallow prefix wins). Files are cached per origin for {@code ttl}.
 * A robots.txt that cannot be read (missing, 5xx, timeout) disallows nothing: an eviction needs a clear
 * "no", never a failure to ask.
 */
public class RobotsRules {
    record Rules(List<String> allow, List<String> disallow, long fetchedAt) {}

    private final SafeFetcher fetcher;
    private final String agent;
    private final Duration ttl;
    private final Map<String, Rules> cache = new ConcurrentHashMap<>();

    public RobotsRules(SafeFetcher fetcher, String agent, Duration ttl) {
        this.fetcher = fetcher;
        this.agent = agent.toLowerCase(Locale.ROOT);
        this.ttl = ttl;
    }

    public boolean disallows(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false;
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        long now = System.currentTimeMillis();
        Rules rules = cache.get(origin);
        if (rules == null || now - rules.fetchedAt() >= ttl.toMillis()) {
            FetchResult r = fetcher.fetch(origin + "/robots.txt");
            rules = r.outcome() == FetchOutcome.OK ? parse(r.bodyText(), now) : new Rules(List.of(), List.of(), now);
            cache.put(origin, rules);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        int allow = longest(rules.allow(), path);
        int disallow = longest(rules.disallow(), path);
        return disallow > allow;
    }

    private static int longest(List<String> prefixes, String path) {
        int best = -1;
        for (String p : prefixes) {
            if (path.startsWith(p) && p.length() > best) {
                best = p.length();
            }
        }
        return best;
    }

    /** The rules of our agent's group if there is one, else of the {@code *} group. */
    Rules parse(String text, long now) {
        List<String> ownAllow = new ArrayList<>(), ownDisallow = new ArrayList<>();
        List<String> anyAllow = new ArrayList<>(), anyDisallow = new ArrayList<>();
        boolean own = false, any = false, ownSeen = false, inAgents = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.replaceAll("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (!inAgents) {
                    own = false;
                    any = false;
                }
                inAgents = true;
                String ua = value.toLowerCase(Locale.ROOT);
                if (ua.equals("*")) {
                    any = true;
                } else if (!ua.isEmpty() && agent.contains(ua)) {
                    own = true;
                    ownSeen = true;
                }
                continue;
            }
            inAgents = false;
            if (value.isEmpty() || !(key.equals("allow") || key.equals("disallow"))) {
                continue; // an empty Disallow allows everything
            }
            if (own) {
                (key.equals("allow") ? ownAllow : ownDisallow).add(value);
            }
            if (any) {
                (key.equals("allow") ? anyAllow : anyDisallow).add(value);
            }
        }
        return ownSeen ? new Rules(ownAllow, ownDisallow, now) : new Rules(anyAllow, anyDisallow, now);
    }
}
