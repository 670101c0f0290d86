package io.renvoi.common.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Which embedding backend a service uses ({@code renvoi.embed.*}). Documents and questions must be embedded
 * by the same model: embed-service and query-service read the same keys.
 */
@ConfigMapping(prefix = "renvoi.embed")
public interface EmbedConfig {
    /**
     * The embedding model ({@link EmbeddingModel}: {@code bge-small-q}, the default ({@link EmbeddingModel#DEFAULT}),
     * {@code minilm}, {@code e5-small-q}). Every service reads it: embed-service embeds chunks with it, query-service questions,
     * ingest-service and the link-checker re-embed pages whose chunks carry another model's version; Triton's
     * {@code embedder} model must run the same model (triton-local reads this key too).
     */
    @WithDefault("bge-small-q")
    String model();

    /** ONNX (in process, the default) or TRITON (the {@code embedder} model over gRPC). */
    @WithDefault("ONNX")
    Backend backend();

    /**
     * Texts per in-process model call (ONNX backend): texts are sorted by length and run this many at a time.
     * 4 measured best on 2 cores, fed a consumer poll at a time (bench/README.md).
     */
    @WithDefault("4")
    int batchSize();

    /** ONNX Runtime intra-op threads of each model call (ONNX backend); 0 for one per core. */
    @WithDefault("0")
    int onnxThreads();

    /**
     * Model calls one embedding request runs at once (ONNX backend); 0 for one per core. 1 with a thread per
     * core gives the lowest latency for one text (a question); one single-threaded call per core gives the
     * highest throughput for many (a consumer poll), see bench/README.md.
     */
    @WithDefault("1")
    int onnxParallelCalls();

    /** Triton's gRPC host, for the TRITON backend. */
    @WithDefault("127.0.0.1")
    String tritonHost();

    /** Triton's gRPC port, for the TRITON backend. */
    @WithDefault("8001")
    int tritonPort();

    /** The Triton model that embeds. */
    @WithDefault("embedder")
    String tritonModel();

    /** Texts per Triton request. */
    @WithDefault("64")
    int tritonMaxBatch();

    /** Deadline of one Triton request. */
    @WithDefault("30s")
    Duration tritonTimeout();

    /** Where vectors are computed. */
    enum Backend {
        ONNX,
        TRITON
    }
}
