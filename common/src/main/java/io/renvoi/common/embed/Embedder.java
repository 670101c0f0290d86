package io.renvoi.common.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors with one {@link EmbeddingModel}. One interface, two backends: the
 * in-process ONNX model ({@link OnnxEmbedder}, the default) and Triton's {@code embedder} model; both give the
 * same vectors. Passages (chunks) go through {@link #embedPassages}, questions through {@link #embedQuery}: each
 * adds the model's own instruction.
 */
public interface Embedder {
    /** The models' output size. */
    int MINILM_DIMENSIONS = EmbeddingModel.DIMENSIONS;

    /**
     * The default model's version (the model and the word pieces it reads per text). Stored with every chunk;
     * a document whose chunks carry another version than the configured model's (or none, written before
     * versions were stored) is re-fetched and re-embedded by ingest-service and the link-checker, never reported
     * unchanged. {@link EmbeddingModel#version()} changes whenever a change would give a text a different vector.
     */
    String EMBEDDING_VERSION = EmbeddingModel.DEFAULT.version();

    /** True when vectors recorded with {@code version} are what the configured model computes. */
    static boolean isCurrentEmbedding(String version) {
        return EmbeddingModel.configured().version().equals(version);
    }

    /** The model computing the vectors. */
    EmbeddingModel model();

    /** One vector per text as given (no instruction added), in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** One vector per passage (a chunk), in order, each read after the model's passage instruction. */
    default List<float[]> embedPassages(List<String> passages) {
        String prefix = model().passagePrefix();
        return embed(
                prefix.isEmpty()
                        ? passages
                        : passages.stream().map(p -> prefix + p).toList());
    }

    /** The vector of a question, read after the model's query instruction. */
    default float[] embedQuery(String question) {
        return embed(model().queryPrefix() + question);
    }

    int dimensions();

    /** The cosine of two vectors (of any length, 0 when either is all zeros). */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
