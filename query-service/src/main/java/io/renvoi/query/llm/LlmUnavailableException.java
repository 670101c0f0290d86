package io.renvoi.query.llm;

import io.renvoi.common.rest.ProblemException;
import io.renvoi.common.rest.ProblemMappers;

/** The LLM could not answer (down, timed out, failed); the API answers 503 with Retry-After. */
public class LlmUnavailableException extends ProblemException {
    /** Said after every LLM problem: the caller can still search. */
    static final String RETRIEVAL_STILL_WORKS = "; retrieval still works on /api/v1/search";

    public LlmUnavailableException(String message, Throwable cause) {
        super(503, message, ProblemMappers.RETRY_AFTER, cause);
    }

    @Override
    public String detail() {
        return "the language model is unavailable: " + getMessage() + RETRIEVAL_STILL_WORKS;
    }
}
