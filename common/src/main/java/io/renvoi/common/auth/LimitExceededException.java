package io.renvoi.common.auth;

import java.time.Duration;

/** A key went over one of its {@link KeyLimits}: answered 429 with {@code Retry-After}. */
public class LimitExceededException extends RuntimeException {
    private final Duration retryAfter;

    public LimitExceededException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
