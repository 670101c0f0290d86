package io.renvoi.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queries per second per key: a token bucket per key id (as many tokens as queries per second, at least one,
 * refilled continuously). Counted per replica: with N replicas a key may reach N times its limit. Admin keys
 * are not limited.
 */
@ApplicationScoped
public class QueryRateLimit {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Empty when the query may go on (one token taken), else how long until the next token. */
    public Optional<Duration> admit(Caller caller) {
        if (caller.isAdmin() || caller.limits() == null || caller.limits().queriesPerSecond() == null) {
            return Optional.empty();
        }
        double rate = caller.limits().queriesPerSecond();
        return buckets.computeIfAbsent(caller.keyId(), id -> new Bucket(rate)).take(rate, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double rate) {
            tokens = Math.max(1, rate);
            last = System.nanoTime();
        }

        synchronized Optional<Duration> take(double rate, long now) {
            tokens = Math.min(Math.max(1, rate), tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) ((1 - tokens) / rate * 1e9)));
        }
    }
}
