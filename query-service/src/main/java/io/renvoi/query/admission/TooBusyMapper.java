package io.renvoi.query.admission;

import io.renvoi.common.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link TooBusyException} → 429 problem+json with Retry-After (whole seconds, at least 1). */
@Provider
public class TooBusyMapper implements ExceptionMapper<TooBusyException> {
    @Override
    public Response toResponse(TooBusyException e) {
        return ProblemMappers.retryLater(Response.Status.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
    }
}
