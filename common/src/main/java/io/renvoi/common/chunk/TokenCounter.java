package io.renvoi.common.chunk;

import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;

/** Counts the word pieces an embedding model sees in a text (special tokens excluded). */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);

    /**
     * all-MiniLM-L6-v2's own WordPiece tokenizer (the tokenizer.json shipped with the model), loaded once.
     * Thread-safe: the Hugging Face tokenizer behind it is stateless per call.
     */
    static TokenCounter miniLm() {
        return MiniLm.INSTANCE::estimateTokenCountInText;
    }

    /** Holder: the tokenizer is loaded on first use only. */
    final class MiniLm {
        static final HuggingFaceTokenCountEstimator INSTANCE = new HuggingFaceTokenCountEstimator();

        private MiniLm() {}
    }
}
