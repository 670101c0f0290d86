package io.renvoi.common.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors. One interface, two backends: the in-process ONNX model
 * ({@link MiniLmEmbedder}, the default) and Triton's {@code embedder} model; both give the same vectors.
 */
public interface Embedder {
    /** all-MiniLM-L6-v2's output size. */
    int MINILM_DIMENSIONS = 384;

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    int dimensions();
}
