package io.renvoi.common.auth;

import io.renvoi.common.rest.ProblemException;
import java.time.Duration;

/** A key went over one of its {@link KeyLimits}: answered 429 with {@code Retry-After}. */
public class LimitExceededException extends ProblemException {
    public LimitExceededException(String message, Duration retryAfter) {
        super(429, message, retryAfter, null);
    }
}
