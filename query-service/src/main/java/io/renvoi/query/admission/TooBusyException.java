package io.renvoi.query.admission;

import java.time.Duration;

/** query-service has as much work in progress as it admits: the client should retry after {@link #retryAfter()}. */
public class TooBusyException extends RuntimeException {
    private final Duration retryAfter;

    public TooBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
