package io.renvoi.query.llm;

import java.util.function.Consumer;

/** Generates text from a prompt with the configured LLM, streaming pieces as they come. */
public interface LlmGateway {
    /**
     * @param onToken receives each piece of text in order
     * @param cancellation stops the generation when triggered
     * @return the whole generated text
     * @throws LlmUnavailableException when the LLM cannot be reached or fails
     * @throws GenerationCancelledException when cancelled
     */
    String generate(String prompt, GenerationOptions options, Consumer<String> onToken, Cancellation cancellation);

    /** Sampling options of one call; nulls take the configured defaults. */
    record GenerationOptions(Double temperature, Integer maxTokens, Double topP) {}
}
