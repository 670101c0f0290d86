package io.renvoi.query.llm;

import io.renvoi.common.triton.InputConvention;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the LLM runs and how it is called ({@code renvoi.triton.*}). */
@ConfigMapping(prefix = "renvoi.triton")
public interface TritonConfig {
    /** Host of Triton's gRPC endpoint. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of Triton's gRPC endpoint. */
    @WithDefault("8001")
    int port();

    /** The decoupled LLM model: {@code llm} (vLLM backend) or {@code ensemble} (TensorRT-LLM). */
    @WithDefault("llm")
    String model();

    /** Input convention of the model: VLLM or TENSORRT_LLM. */
    @WithDefault("VLLM")
    InputConvention convention();

    /** Deadline of one whole generation. */
    @WithDefault("60s")
    Duration timeout();

    /** Default sampling temperature. */
    @WithDefault("0.1")
    double temperature();

    /** Default maximum tokens generated. */
    @WithDefault("512")
    int maxTokens();

    /** Default nucleus sampling top-p. */
    @WithDefault("1.0")
    double topP();
}
