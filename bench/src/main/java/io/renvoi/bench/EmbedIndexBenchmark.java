package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.index.ByteQuantizer;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * Issue 4's benchmark: pushes the SciFact corpus through the real pipeline (rag.documents → embed-service →
 * rag-chunks) and reports, as one JSON object on stdout:
 * <ul>
 * <li>efficiency: end-to-end chunks/s (first UPSERT sent to last chunk searchable) divided by the raw
 * in-process embedding rate of the same chunks, measured in the same run (target ≥ 0.85);</li>
 * <li>footprint: store size of rag-chunks after force-merge divided by the same chunks indexed with text
 * and vector kept in {@code _source} (a store-everything baseline built in the same run; target ≤ 0.5).</li>
 * </ul>
 * Reads: the corpus file, Kafka and OpenSearch given on the command line; embed-service must be running.
 */
public final class EmbedIndexBenchmark {
    private static final String COLLECTION = "scifact";
    private static final String BASELINE_INDEX = "bench-store-everything";
    private static final String SQ_INDEX = "bench-reference-sq";
    private static final String FP32_INDEX = "bench-reference-fp32";
    private static final String BYTE_INDEX = "bench-reference-byte";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path corpus = Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
        String kafka = opts.getOrDefault("kafka", "127.0.0.1:18092");
        String opensearch = opts.getOrDefault("opensearch", "http://127.0.0.1:18200");

        List<SciFactCorpus.Doc> docs;
        if (opts.containsKey("with-relevant") && opts.containsKey("qrels")) {
            // A smaller corpus that keeps every query answerable: all judged documents plus the first N others.
            java.util.Set<String> judged = RetrievalQuality.judgedDocuments(Path.of(opts.get("qrels")));
            List<SciFactCorpus.Doc> all = SciFactCorpus.read(corpus, Integer.MAX_VALUE);
            docs = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (i < limit || judged.contains(all.get(i).id())) docs.add(all.get(i));
            }
        } else {
            docs = SciFactCorpus.read(corpus, limit);
        }
        List<String> texts = new ArrayList<>();
        List<DocumentEvent> events = SciFactChunks.documentEvents(docs, COLLECTION, texts);
        BenchOut.log("%d documents, %d chunks", docs.size(), texts.size());

        // Without the pipeline: only footprint and vector-only quality of fp32 and sq over the same vectors.
        boolean qualityOnly = opts.containsKey("quality-only");
        // Raw embedding rate by model batch size, on a sample: one call each, so the texts are sorted by length.
        List<String> sample =
                texts.subList(0, Math.min(Integer.parseInt(opts.getOrDefault("sample", "512")), texts.size()));
        Map<Integer, Double> rateByBatch = new LinkedHashMap<>();
        double langchain4jRate = 0;
        String completion = opts.getOrDefault("completion", "indexed");
        // How embed-service runs the model (bench/embed-index passes the same settings to it).
        int onnxThreads = Integer.parseInt(opts.getOrDefault("onnx-threads", "1"));
        int onnxCalls = Integer.parseInt(opts.getOrDefault("onnx-parallel-calls", "0"));
        double oneCallRate = 0;
        if (!qualityOnly) {
            rateByBatch.putAll(EmbeddingRates.byBatchSize(
                    sample, Options.ints(opts.getOrDefault("batches", "1,8,16,32,64,128")), onnxThreads, onnxCalls));
            langchain4jRate = EmbeddingRates.langchain4j(sample);
        }
        int bestBatch = rateByBatch.isEmpty()
                ? 0
                : rateByBatch.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
        int serviceBatch =
                Integer.parseInt(opts.getOrDefault("service-batch", String.valueOf(OnnxEmbedder.DEFAULT_BATCH_SIZE)));
        // The raw rate the pipeline is measured against: every chunk in one call at the service's batch size, so
        // sorted by length over the whole corpus (less padding than the pipeline's per-poll sorting gets).
        List<float[]> vectors = new ArrayList<>(texts.size());
        if (!qualityOnly) {
            // For comparison: one model call at a time with a thread per core (the lowest-latency setting).
            try (OnnxEmbedder e = new OnnxEmbedder(EmbeddingModel.configured(), serviceBatch, 0, 1)) {
                e.embed(sample.subList(0, Math.min(64, sample.size())));
                oneCallRate = EmbeddingRates.rate(e, sample, null);
            }
            BenchOut.log(
                    "sample, one call at a time, %d threads: %.1f chunks/s",
                    Runtime.getRuntime().availableProcessors(), oneCallRate);
        }
        OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.configured(), serviceBatch, onnxThreads, onnxCalls);
        embedder.embed(sample.subList(0, Math.min(64, sample.size()))); // warm-up
        double rawRate = EmbeddingRates.rate(embedder, texts, vectors);
        BenchOut.log(
                "raw embedding of all chunks, batch %d, %d parallel calls of %d threads: %.1f chunks/s",
                serviceBatch, embedder.parallelCalls(), onnxThreads, rawRate);

        // The HNSW build setting embed-service was started with (bench/embed-index passes it through).
        // Float vectors for the store-everything baseline and the quality-only "fp32" reference; in a pipeline run the
        // reference index is what embed-service created (byte vectors by default).
        VectorIndexOptions vectorOptions = VectorIndexOptions.DEFAULTS
                .withEncoding(ChunkIndex.VectorEncoding.FP32)
                .withEfConstruction(Integer.parseInt(opts.getOrDefault(
                        "ef-construction", String.valueOf(VectorIndexOptions.DEFAULTS.efConstruction()))));
        try (RestClient os = RestClient.builder(HttpHost.create(opensearch)).build()) {
            String load = BenchOut.loadAverage();
            String reference = ChunkIndex.PHYSICAL;
            double seconds = 0;
            double pipelineRate = 0;
            String serviceMetrics = "";
            double rawRateAfter = 0;
            Map<String, Double> cpuSeconds = new LinkedHashMap<>();
            Map<String, Double> cpuBaseline = new LinkedHashMap<>();
            long baselineBytes = -1;
            if (qualityOnly) {
                reference = FP32_INDEX;
                Map<String, Double> cpuBefore = ProcessCpu.seconds(opts.getOrDefault("pid-files", ""));
                SciFactChunks.buildIndex(os, reference, ChunkIndex.mappingJson(vectorOptions), events, vectors);
                SciFactChunks.mergedSize(os, reference); // the force-merge rebuilds the graph: part of the cost
                cpuBaseline.putAll(ProcessCpu.since(cpuBefore, opts.getOrDefault("pid-files", "")));
                BenchOut.log("reference index built; CPU seconds meanwhile %s", cpuBaseline);
            } else {
                // The store-everything baseline first, from the vectors of the raw pass: besides being needed, it
                // brings OpenSearch's indexing code to a steady state (JIT), as in a cluster that has been running.
                String pidFiles = opts.getOrDefault("pid-files", "");
                Map<String, Double> cpuBefore = ProcessCpu.seconds(pidFiles);
                SciFactChunks.buildIndex(
                        os, BASELINE_INDEX, SciFactChunks.storeEverythingMapping(vectorOptions), events, vectors);
                baselineBytes = SciFactChunks.mergedSize(os, BASELINE_INDEX);
                cpuBaseline.putAll(ProcessCpu.since(cpuBefore, pidFiles));
                BenchOut.log("store-everything baseline built; CPU seconds meanwhile %s", cpuBaseline);
                cpuBefore = ProcessCpu.seconds(pidFiles);
                seconds = PipelineRun.run(events, texts.size(), kafka, os, completion, COLLECTION);
                cpuSeconds.putAll(ProcessCpu.since(cpuBefore, pidFiles));
                pipelineRate = texts.size() / seconds;
                BenchOut.log(
                        "pipeline: %.1f s, %.1f chunks/s (load %s); CPU seconds meanwhile %s",
                        seconds, pipelineRate, load, cpuSeconds);
                serviceMetrics = PipelineRun.serviceMetrics(opts.get("embed-service"));
                BenchOut.log("embed-service metrics: %s", serviceMetrics);
                // The machine's speed drifts: the raw rate again, right after the pipeline; the baseline is the mean.
                rawRateAfter = EmbeddingRates.rate(embedder, texts, null);
                BenchOut.log("raw embedding of all chunks after the pipeline: %.1f chunks/s", rawRateAfter);
            }

            long referenceBytes = SciFactChunks.mergedSize(os, reference);
            if (baselineBytes < 0) {
                SciFactChunks.buildIndex(
                        os, BASELINE_INDEX, SciFactChunks.storeEverythingMapping(vectorOptions), events, vectors);
                baselineBytes = SciFactChunks.mergedSize(os, BASELINE_INDEX);
            }
            SciFactChunks.buildIndex(
                    os,
                    SQ_INDEX,
                    ChunkIndex.mappingJson(vectorOptions.withEncoding(ChunkIndex.VectorEncoding.SQ)),
                    events,
                    vectors);
            long sqBytes = SciFactChunks.mergedSize(os, SQ_INDEX);
            BenchOut.log(
                    "store sizes: reference %d, store-everything %d, reference with sq vectors %d",
                    referenceBytes, baselineBytes, sqBytes);
            // Byte vectors: the scale calibrated on a sample of this run's chunk vectors (the first
            // --calibration-sample, default 2,000), then one index per HNSW m asked (--byte-m=16,8).
            List<float[]> calibrationSample = vectors.subList(
                    0, Math.min(Integer.parseInt(opts.getOrDefault("calibration-sample", "2000")), vectors.size()));
            ByteQuantizer calibrated = ByteQuantizer.calibrate(calibrationSample, ByteQuantizer.DEFAULT_COVERAGE);
            BenchOut.log(
                    "byte calibration: scale %.2f from %d vectors (shipped %.2f), clipped share %.6f",
                    calibrated.scale(),
                    calibrationSample.size(),
                    EmbeddingModel.configured().byteScale(),
                    calibrated.clippedShare(vectors));
            Map<String, Long> byteBytes = new LinkedHashMap<>();
            for (int m : Options.ints(opts.getOrDefault("byte-m", "16"))) {
                String index = BYTE_INDEX + "-m" + m;
                SciFactChunks.buildIndex(
                        os,
                        index,
                        ChunkIndex.mappingJson(vectorOptions
                                .withEncoding(ChunkIndex.VectorEncoding.BYTE)
                                .withM(m)
                                .withByteScale(calibrated.scale())),
                        events,
                        vectors);
                byteBytes.put(index, SciFactChunks.mergedSize(os, index));
                BenchOut.log("byte vectors, m %d: %d bytes", m, byteBytes.get(index));
            }

            ObjectNode out = JsonMapper.shared().createObjectNode();
            out.put("benchmark", "embed-index");
            out.put("cores", Runtime.getRuntime().availableProcessors());
            out.put("model", EmbeddingModel.configured().configName());
            out.put("loadAverageAtPipelineStart", load);
            out.put("loadAverageAtEnd", BenchOut.loadAverage());
            out.put("documents", docs.size());
            out.put("chunks", texts.size());
            out.put("serviceBatchSize", serviceBatch);
            out.put("completionSeenBy", completion);
            out.put("onnxThreadsPerCall", onnxThreads);
            out.put("onnxParallelCalls", embedder.parallelCalls());
            out.put("hnswM", vectorOptions.m());
            out.put("hnswEfConstruction", vectorOptions.efConstruction());
            ObjectNode cpuBuild = out.putObject(
                    qualityOnly ? "cpuSecondsBuildingReferenceIndex" : "cpuSecondsBuildingBaselineBeforePipeline");
            cpuBaseline.forEach(cpuBuild::put);
            out.put("rawChunksPerSecond", BenchOut.round(rawRate, 3));
            if (!qualityOnly) {
                out.put("rawChunksPerSecondAfterPipeline", BenchOut.round(rawRateAfter, 3));
            }
            if (!qualityOnly) {
                ObjectNode batches = out.putObject("rawChunksPerSecondByBatchSize");
                rateByBatch.forEach((b, r) -> batches.put(String.valueOf(b), BenchOut.round(r, 3)));
                out.put("bestBatchSizeThisRun", bestBatch);
                out.put("rawChunksPerSecondOnSampleOneCallAtATime", BenchOut.round(oneCallRate, 3));
                out.put("langchain4jChunksPerSecondOnSample", BenchOut.round(langchain4jRate, 3));
                out.put("pipelineSeconds", BenchOut.round(seconds, 3));
                out.put("pipelineChunksPerSecond", BenchOut.round(pipelineRate, 3));
                double baseline = (rawRate + rawRateAfter) / 2;
                out.put("rawBaselineChunksPerSecond", BenchOut.round(baseline, 3));
                out.put("efficiency", BenchOut.round(pipelineRate / baseline, 3));
                out.put("efficiencyAgainstRawBefore", BenchOut.round(pipelineRate / rawRate, 3));
                ObjectNode cpu = out.putObject("cpuSecondsDuringPipeline");
                cpuSeconds.forEach(cpu::put);

                out.put("embedServiceMetrics", serviceMetrics);
                out.put("efficiencyTarget", 0.85);
            }
            out.put("referenceIndexBytes", referenceBytes);
            out.put("storeEverythingIndexBytes", baselineBytes);
            // "reference": the index embed-service wrote (byte vectors by default), or fp32 in a --quality-only run
            out.put("referenceVectors", VectorFormat.read(os, reference).isByte() ? "byte" : "fp32");
            out.put("footprint", BenchOut.round((double) referenceBytes / baselineBytes, 3));
            out.put("footprintTarget", 0.5);
            out.put("sqReferenceIndexBytes", sqBytes);
            out.put("sqFootprint", BenchOut.round((double) sqBytes / baselineBytes, 3));
            ObjectNode perChunk = out.putObject("bytesPerChunk");
            perChunk.put("reference", BenchOut.round((double) referenceBytes / texts.size(), 3));
            perChunk.put("sq", BenchOut.round((double) sqBytes / texts.size(), 3));
            byteBytes.forEach((index, bytes) -> perChunk.put(index, BenchOut.round((double) bytes / texts.size(), 3)));
            perChunk.put("storeEverything", BenchOut.round((double) baselineBytes / texts.size(), 3));
            perChunk.put("target", 1250);
            ObjectNode calibration = out.putObject("byteCalibration");
            calibration.put("scale", calibrated.scale());
            calibration.put("coverage", ByteQuantizer.DEFAULT_COVERAGE);
            calibration.put("sampleVectors", calibrationSample.size());
            calibration.put("clippedShareOfAllComponents", calibrated.clippedShare(vectors));
            calibration.put("shippedScale", EmbeddingModel.configured().byteScale());
            if (opts.containsKey("opensearch-data")) {
                Path data = Path.of(opts.get("opensearch-data"));
                ObjectNode files = out.putObject("vectorFilesBytes");
                files.set("reference", VectorFiles.sizes(os, data, reference));
                files.set("sq", VectorFiles.sizes(os, data, SQ_INDEX));
                for (String index : byteBytes.keySet()) {
                    files.set(index, VectorFiles.sizes(os, data, index));
                }
            }
            if (opts.containsKey("queries") && opts.containsKey("qrels")) {
                RetrievalQuality quality =
                        RetrievalQuality.load(Path.of(opts.get("queries")), Path.of(opts.get("qrels")));
                ObjectNode q = out.putObject("vectorOnlyQuality");
                q.put("queries", quality.queryCount());
                q.put("documents", docs.size());
                List<float[]> queryVectors = quality.embedQueries(embedder);
                q.set("reference", quality.evaluate(os, reference, queryVectors));
                q.set("sq", quality.evaluate(os, SQ_INDEX, queryVectors));
                for (String index : byteBytes.keySet()) {
                    q.set(index, quality.evaluate(os, index, queryVectors));
                }
                BenchOut.log("quality: %s", q);
            }
            embedder.close();
            System.out.println(
                    JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--")) {
                opts.put(a.substring(2), "true");
            }
        }
        return opts;
    }

    private EmbedIndexBenchmark() {}
}
