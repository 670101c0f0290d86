package io.renvoi.common.embed;

import io.renvoi.common.triton.TritonEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Provides the {@link Embedder} chosen by {@link EmbedConfig}: the configured {@link EmbeddingModel} in process
 * (default) or Triton's {@code embedder} model running the same model; both give the same vectors for the same
 * text.
 */
@ApplicationScoped
public class EmbedderProducer {
    @Produces
    @Singleton
    Embedder embedder(EmbedConfig config) {
        EmbeddingModel model = EmbeddingModel.named(config.model());
        return switch (config.backend()) {
            case ONNX -> new OnnxEmbedder(model, config.batchSize(), config.onnxThreads(), config.onnxParallelCalls());
            case TRITON ->
                TritonEmbedder.connect(
                        config.tritonHost(),
                        config.tritonPort(),
                        new TritonEmbedder.Options(
                                config.tritonModel(),
                                config.tritonMaxBatch(),
                                config.tritonTimeout(),
                                model.dimensions(),
                                model));
        };
    }
}
