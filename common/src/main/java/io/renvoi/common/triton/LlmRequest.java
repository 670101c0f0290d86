package io.renvoi.common.triton;

import java.util.Objects;

/** One generation request: the full prompt and its sampling settings. */
public record LlmRequest(String prompt, SamplingParameters sampling) {
    public LlmRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
    }

    public static LlmRequest of(String prompt) {
        return new LlmRequest(prompt, SamplingParameters.DEFAULT);
    }

    public static LlmRequest of(String prompt, double temperature, int maxTokens, double topP) {
        return new LlmRequest(prompt, new SamplingParameters(temperature, maxTokens, topP));
    }
}
