package io.renvoi.common.outage;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Runs a step of a consumer until it succeeds or fails for a reason retrying will not fix: transient failures
 * ({@link TransientFailures}) are retried with exponential backoff, however long the outage lasts, so a record
 * is never dead-lettered or dropped because OpenSearch or Kafka was away. Reads nothing, writes nothing itself.
 */
public final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);

    private final Duration first;
    private final Duration max;

    public Retrying(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be positive and max >= first");
        }
        this.first = first;
        this.max = max;
    }

    /** 200 ms doubling to 30 s: the backoff the services use. */
    public static Retrying standard() {
        return new Retrying(Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /**
     * The step's result. A non-transient failure is thrown as it came (a checked one wrapped in
     * {@link IllegalStateException}); an interrupt while waiting ends the retries with {@link IllegalStateException}.
     */
    public <T> T call(String what, Callable<T> step) {
        long backoff = first.toMillis();
        int attempt = 0;
        while (true) {
            try {
                return step.call();
            } catch (Exception e) {
                if (!TransientFailures.isTransient(e)) {
                    throw e instanceof RuntimeException r
                            ? r
                            : new IllegalStateException(what + ": " + e.getMessage(), e);
                }
                attempt++;
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf("%s failed (%s), attempt %d; retrying in %d ms", what, e, attempt, backoff);
                }
                pause(backoff);
                backoff = Math.min(max.toMillis(), backoff * 2);
            }
        }
    }

    /** {@link #call} for a step with no result. */
    public void run(String what, Step step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    /** A step that may throw anything. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Waits {@code ms} between two tries; an interrupt ends the retries with {@link IllegalStateException}. */
    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
