package io.renvoi.common.triton;

/**
 * Sampling settings sent with an LLM request: {@code temperature}, {@code max_tokens}, {@code top_p}.
 * Written into the vLLM {@code sampling_parameters} JSON or the TensorRT-LLM ensemble's tensors.
 */
public record SamplingParameters(double temperature, int maxTokens, double topP) {
    /** Near-greedy decoding with room for a short cited answer. */
    public static final SamplingParameters DEFAULT = new SamplingParameters(0.1, 512, 1.0);

    public SamplingParameters {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
    }
}
