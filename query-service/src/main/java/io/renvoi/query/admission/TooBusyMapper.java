package io.renvoi.query.admission;

import io.renvoi.common.rest.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link TooBusyException} → 429 problem+json with Retry-After (whole seconds, at least 1). */
@Provider
public class TooBusyMapper implements ExceptionMapper<TooBusyException> {
    @Override
    public Response toResponse(TooBusyException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Response.fromResponse(Problem.response(Response.Status.TOO_MANY_REQUESTS, e.getMessage()))
                .header("Retry-After", seconds).build();
    }
}
