package io.renvoi.common.auth;

import io.renvoi.common.rest.Problem;
import io.renvoi.common.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The problem+json answers of access control: 401 with a Bearer challenge, 403, 429 over a key's limits, and 503 for the key store. */
public final class AuthProblems {
    private AuthProblems() {}

    /**
     * 401 with {@code WWW-Authenticate: Bearer realm="renvoi"} and, per RFC 6750, {@code error} when a credential
     * was sent but is not usable ({@code invalid_request} for a malformed header, {@code invalid_token} otherwise).
     */
    public static Response unauthorized(String error, String detail) {
        String challenge = "Bearer realm=\"renvoi\"" + (error == null ? "" : ", error=\"" + error + "\"");
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, detail))
                .header("WWW-Authenticate", challenge)
                .build();
    }

    @Provider
    public static class AccessDeniedMapper implements ExceptionMapper<AccessDeniedException> {
        @Override
        public Response toResponse(AccessDeniedException e) {
            return Problem.response(Response.Status.FORBIDDEN, e.getMessage());
        }
    }

    @Provider
    public static class LimitExceededMapper implements ExceptionMapper<LimitExceededException> {
        @Override
        public Response toResponse(LimitExceededException e) {
            return ProblemMappers.retryLater(Response.Status.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
        }
    }

    @Provider
    public static class KeyStoreUnavailableMapper
            implements ExceptionMapper<KeyTopicWriter.KeyStoreUnavailableException> {
        @Override
        public Response toResponse(KeyTopicWriter.KeyStoreUnavailableException e) {
            return ProblemMappers.unavailable("the key store (Kafka) is unavailable; retry later");
        }
    }
}
