package io.renvoi.query.llm;

/** The generation was cancelled because its HTTP client went away; not a failure of the LLM. */
public class GenerationCancelledException extends RuntimeException {
    public GenerationCancelledException() {
        super("generation cancelled: the client went away");
    }
}
