package io.renvoi.bench;

import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.KeyRing;
import io.renvoi.common.auth.QueryRateLimit;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What BearerAuthFilter and SearchResource do per request for the key, with the real classes: the header
 * parsed, {@link ApiKeySecrets#wellFormed}, {@link KeyRing#find} (SHA-256 + map lookup), the endpoint's scope read
 * from its annotation and checked, {@link QueryRateLimit#admit} and {@link Caller#requireCollection}. Each check is
 * timed on its own with {@link System#nanoTime} (the timer's own cost is included; {@link #timerOverhead} measures
 * it, reported beside it). The checks run back to back, far faster than the key's 100,000 queries per second: a
 * fresh {@link QueryRateLimit} every 50,000 checks (outside the timed part) keeps every check on the admitted path,
 * as over HTTP. Reads the ring it is given; writes nothing.
 */
final class InProcessKeyCheck {
    private final KeyRing ring;
    private QueryRateLimit limiter;
    private final String header;
    private final Method endpoint;
    long sink;

    InProcessKeyCheck(KeyRing ring, QueryRateLimit limiter, String header) throws NoSuchMethodException {
        this.ring = ring;
        this.limiter = limiter;
        this.header = header;
        this.endpoint = InProcessKeyCheck.class.getDeclaredMethod("searchEndpoint");
    }

    @RequiresScope(Scope.QUERY)
    static void searchEndpoint() {}

    /** Runs {@code n} checks; adds each one's time in ns to {@code times} unless it is null (a warm-up). */
    void run(int n, List<Double> times) {
        for (int i = 0; i < n; i++) {
            if (i % 50_000 == 0) limiter = new QueryRateLimit(); // a full bucket (100,000 tokens)
            long t0 = System.nanoTime();
            String h = header;
            if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7))
                throw new IllegalStateException("bad header");
            String credential = h.substring(7).strip();
            if (!ApiKeySecrets.wellFormed(credential)) throw new IllegalStateException("malformed");
            Optional<Caller> found = ring.find(credential);
            Caller c = found.orElseThrow();
            RequiresScope s = endpoint.getAnnotation(RequiresScope.class);
            Scope needed = s == null ? Scope.ADMIN : s.value();
            if (!c.has(needed) && !c.isAdmin()) throw new IllegalStateException("scope");
            Optional<Duration> wait = needed == Scope.QUERY ? limiter.admit(c) : Optional.empty();
            if (wait.isPresent()) throw new IllegalStateException("rate limited");
            c.requireCollection(AuthCostBenchmark.COLLECTION);
            long t1 = System.nanoTime();
            sink += c.keyId().length();
            if (times != null) times.add((double) (t1 - t0));
        }
    }

    /** {@code n} times of an empty {@link System#nanoTime} pair: the timer's own cost, in ns. */
    static List<Double> timerOverhead(int n) {
        List<Double> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            long t1 = System.nanoTime();
            t.add((double) (t1 - t0));
        }
        return t;
    }
}
