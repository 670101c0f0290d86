package io.renvoi.query.llm;

/** Triton answered UNAVAILABLE before any token was produced: the generation may be retried as a whole. */
public class LlmUnreachableException extends LlmUnavailableException {
    public LlmUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
