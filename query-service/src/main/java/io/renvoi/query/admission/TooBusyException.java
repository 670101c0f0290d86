package io.renvoi.query.admission;

import io.renvoi.common.rest.ProblemException;
import java.time.Duration;

/** query-service has as much work in progress as it admits: the client should retry after {@link #retryAfter()}. */
public class TooBusyException extends ProblemException {
    public TooBusyException(String message, Duration retryAfter) {
        super(429, message, retryAfter, null);
    }
}
