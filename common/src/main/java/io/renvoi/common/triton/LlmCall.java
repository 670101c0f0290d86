package io.renvoi.common.triton;

import java.util.concurrent.CompletableFuture;

/**
 * A running generation. {@link #completion()} completes with the full generated text when the response
 * flagged {@code triton_final_response=true} arrives, or exceptionally with a {@link TritonException}.
 */
public interface LlmCall {
    /** The request id sent to Triton and matched on every response. */
    String requestId();

    /** The full generated text (all {@code text_output} pieces, concatenated in arrival order). */
    CompletableFuture<String> completion();

    /** Cancels the gRPC call; the completion fails with kind CANCELLED unless it already completed. */
    void cancel();
}
