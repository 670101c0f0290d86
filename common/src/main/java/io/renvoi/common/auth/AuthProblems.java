package io.renvoi.common.auth;

import io.renvoi.common.rest.Problem;
import jakarta.ws.rs.core.Response;

/**
 * The 401 problem+json of access control, with its Bearer challenge. Its other answers are {@link
 * io.renvoi.common.rest.ProblemException}s: 403 ({@link AccessDeniedException}), 429 over a key's limits ({@link
 * LimitExceededException}) and 503 for the key store ({@link KeyTopicWriter.KeyStoreUnavailableException}).
 */
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
}
