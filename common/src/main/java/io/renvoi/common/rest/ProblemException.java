package io.renvoi.common.rest;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * A failure a REST call answers as problem+json, mapped by {@link ProblemMappers.ProblemExceptionMapper}: its
 * HTTP status, the detail a client reads ({@link #detail()}: the message unless a subclass keeps the message for
 * the log) and, when the client may try again as is, how long to wait ({@code Retry-After}). Services throw
 * subclasses named for what went wrong; one mapper answers them all. Client errors (4xx) are expected, and
 * frequent under abuse: they carry no stack trace.
 */
public abstract class ProblemException extends RuntimeException {
    private final Response.Status status;
    private final Duration retryAfter;

    /**
     * @param retryAfter how long the client should wait before trying again, or null when trying again as is
     *     cannot help
     */
    protected ProblemException(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, true, status >= 500);
        this.status = Response.Status.fromStatusCode(status);
        if (this.status == null) {
            throw new IllegalArgumentException("not an HTTP status JAX-RS names: " + status);
        }
        this.retryAfter = retryAfter;
    }

    public Response.Status status() {
        return status;
    }

    /** How long the client should wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The problem's detail as the client reads it. */
    public String detail() {
        return getMessage();
    }
}
