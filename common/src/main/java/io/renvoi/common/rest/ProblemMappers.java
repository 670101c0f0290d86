package io.renvoi.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.renvoi.common.fetch.InvalidUrlException;
import io.renvoi.common.index.IndexModelMismatchException;
import io.renvoi.common.outage.TransientFailures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Turns every exception that reaches the REST layer into an application/problem+json response: client
 * mistakes become 4xx with a useful detail, anything else a 500 without internals.
 */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private ProblemMappers() {}

    /** Bad input a client can fix: 400 with the message as detail. */
    public static class BadRequestException extends ProblemException {
        public BadRequestException(String message) {
            super(400, message, null, null);
        }
    }

    /** Every {@link ProblemException}: its status and detail, and Retry-After when it says to wait. */
    @Provider
    public static class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return e.retryAfter() == null
                    ? Problem.response(e.status(), e.detail())
                    : retryLater(e.status(), e.detail(), e.retryAfter());
        }
    }

    @Provider
    public static class InvalidUrlMapper implements ExceptionMapper<InvalidUrlException> {
        @Override
        public Response toResponse(InvalidUrlException e) {
            return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @Provider
    public static class JsonMapper implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            String detail =
                    e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                            ? "invalid value for field '"
                                    + m.getPath().get(m.getPath().size() - 1).getFieldName() + "'"
                            : "request body is not valid JSON: " + e.getOriginalMessage();
            return Problem.response(Response.Status.BAD_REQUEST, detail);
        }
    }

    /** Wins over the framework's own mapper of this exception, which answers application/json. */
    @Provider
    public static class MismatchedInputMapper implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            return new JsonMapper().toResponse(e);
        }
    }

    @Provider
    public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            if (e.getCause() instanceof JsonProcessingException json) {
                return new JsonMapper().toResponse(json);
            }
            String detail = switch (status.getStatusCode()) {
                case 404 -> "no such resource";
                case 405 -> "method not allowed on this resource";
                case 406 -> "cannot produce the requested media type";
                case 413 -> "request body is too large";
                case 415 -> "unsupported media type: send application/json";
                default -> e.getMessage();
            };
            if (status.getStatusCode() >= 500) {
                LOG.error("request failed", e);
            }
            return Problem.of(status, detail).toResponse();
        }
    }

    /** Seconds a client is asked to wait before retrying after a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** {@link #RETRY_AFTER_SECONDS} as a duration. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(RETRY_AFTER_SECONDS);

    /** 503 problem+json with Retry-After: the answer whenever a dependency is away. */
    public static Response unavailable(String detail) {
        return retryLater(Response.Status.SERVICE_UNAVAILABLE, detail, RETRY_AFTER);
    }

    /** A problem+json the client may retry: {@code Retry-After} in whole seconds, at least 1. */
    public static Response retryLater(Response.Status status, String detail, Duration after) {
        long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
        return Response.fromResponse(Problem.response(status, detail))
                .header("Retry-After", seconds)
                .build();
    }

    /** The index holds another embedding model's vectors: 503 saying what to do (an operator's fix, not the caller's). */
    @Provider
    public static class IndexModelMismatchMapper implements ExceptionMapper<IndexModelMismatchException> {
        @Override
        public Response toResponse(IndexModelMismatchException e) {
            LOG.warn(e.getMessage());
            return unavailable(e.getMessage());
        }
    }

    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            if (TransientFailures.isTransient(e)) {
                LOG.warnf("a dependency is unavailable: %s", e.toString());
                return unavailable("a service this request needs (OpenSearch or Kafka) is unavailable; retry later");
            }
            LOG.error("unexpected error", e);
            return Problem.response(
                    Response.Status.INTERNAL_SERVER_ERROR, "an internal error occurred; it has been logged");
        }
    }
}
