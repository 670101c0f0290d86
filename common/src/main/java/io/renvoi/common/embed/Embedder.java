package io.renvoi.common.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors. One interface, two backends: the in-process ONNX model
 * ({@link MiniLmEmbedder}, the default) and Triton's {@code embedder} model; both give the same vectors.
 */
public interface Embedder {
    /** all-MiniLM-L6-v2's output size. */
    int MINILM_DIMENSIONS = 384;

    /**
     * What this build's vectors are: the model and the word pieces it reads per text. Stored with every chunk;
     * a document whose chunks carry another version (or none, written before versions were stored) is
     * re-fetched and re-embedded by ingest-service and the link-checker, never reported unchanged. Change it
     * whenever a change would give a text a different vector.
     */
    String EMBEDDING_VERSION = "all-minilm-l6-v2/256";

    /** True when vectors recorded with {@code version} are what this build computes. */
    static boolean isCurrentEmbedding(String version) {
        return EMBEDDING_VERSION.equals(version);
    }

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    int dimensions();
}
