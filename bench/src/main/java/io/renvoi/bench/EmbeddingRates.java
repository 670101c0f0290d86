package io.renvoi.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-process embedding rates for {@link EmbedIndexBenchmark}: chunks per second of the configured model over the
 * same texts at several batch sizes, of langchain4j's MiniLM (the previous embedder, one text per ONNX call), and
 * of one embedding call. Reads and writes nothing.
 */
final class EmbeddingRates {
    private EmbeddingRates() {}

    /** The rate per model batch size, one call over {@code sample} each, after a warm-up. */
    static Map<Integer, Double> byBatchSize(List<String> sample, int[] batches, int onnxThreads, int onnxCalls) {
        Map<Integer, Double> rateByBatch = new LinkedHashMap<>();
        for (int batch : batches) {
            try (OnnxEmbedder e = new OnnxEmbedder(EmbeddingModel.configured(), batch, onnxThreads, onnxCalls)) {
                e.embed(sample.subList(0, Math.min(2 * batch, sample.size()))); // warm-up
                rateByBatch.put(batch, rate(e, sample, null));
            }
            BenchOut.log("batch %d: %.1f chunks/s", batch, rateByBatch.get(batch));
        }
        return rateByBatch;
    }

    /** The previous embedder: langchain4j's model, one text per ONNX call, texts spread over threads. */
    static double langchain4j(List<String> sample) {
        AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = sample.stream().map(TextSegment::from).toList();
        langchain4j.embedAll(segments.subList(0, Math.min(16, segments.size())));
        long t0 = System.nanoTime();
        langchain4j.embedAll(segments);
        double langchain4jRate = sample.size() / ((System.nanoTime() - t0) / 1e9);
        BenchOut.log("langchain4j embedAll: %.1f chunks/s", langchain4jRate);
        return langchain4jRate;
    }

    /** Embeds the texts in one call (the embedder batches them); returns chunks per second, keeping vectors if asked. */
    static double rate(OnnxEmbedder embedder, List<String> texts, List<float[]> keep) {
        long start = System.nanoTime();
        List<float[]> v = embedder.embedPassages(texts);
        double rate = texts.size() / ((System.nanoTime() - start) / 1e9);
        if (keep != null) keep.addAll(v);
        return rate;
    }
}
