package io.renvoi.query.llm;

/** The LLM could not answer (down, timed out, failed); the API answers 503. */
public class LlmUnavailableException extends RuntimeException {
    public LlmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
