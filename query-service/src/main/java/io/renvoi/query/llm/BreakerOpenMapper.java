package io.renvoi.query.llm;

import io.renvoi.common.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** An LLM that is down, failing, or behind an open circuit breaker answers 503 problem+json with Retry-After. */
public final class LlmProblemMappers {
    private static final String RETRIEVAL_STILL_WORKS = "; retrieval still works on /api/v1/search";

    private LlmProblemMappers() {}

    @Provider
    public static class Unavailable implements ExceptionMapper<LlmUnavailableException> {
        @Override
        public Response toResponse(LlmUnavailableException e) {
            return ProblemMappers.unavailable(
                    "the language model is unavailable: " + e.getMessage() + RETRIEVAL_STILL_WORKS);
        }
    }

    @Provider
    public static class BreakerOpen implements ExceptionMapper<CircuitBreakerOpenException> {
        @Override
        public Response toResponse(CircuitBreakerOpenException e) {
            return ProblemMappers.unavailable(
                    "the language model is unavailable: circuit breaker open after repeated failures, not calling it for now"
                            + RETRIEVAL_STILL_WORKS);
        }
    }
}
