package io.renvoi.query.llm;

import io.renvoi.common.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The LLM's circuit breaker is open (after repeated failures): 503 problem+json with Retry-After, as for an LLM
 * that is down ({@link LlmUnavailableException}, a {@link io.renvoi.common.rest.ProblemException}).
 */
@Provider
public class BreakerOpenMapper implements ExceptionMapper<CircuitBreakerOpenException> {
    @Override
    public Response toResponse(CircuitBreakerOpenException e) {
        return ProblemMappers.unavailable(
                "the language model is unavailable: circuit breaker open after repeated failures, not calling it for now"
                        + LlmUnavailableException.RETRIEVAL_STILL_WORKS);
    }
}
