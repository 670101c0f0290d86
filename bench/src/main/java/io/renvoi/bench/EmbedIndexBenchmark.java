package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ByteQuantizer;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
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
        List<DocumentEvent> events = documentEvents(docs, COLLECTION, texts);
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
            for (int batch : batchSizes(opts.getOrDefault("batches", "1,8,16,32,64,128"))) {
                try (OnnxEmbedder e = new OnnxEmbedder(EmbeddingModel.configured(), batch, onnxThreads, onnxCalls)) {
                    e.embed(sample.subList(0, Math.min(2 * batch, sample.size()))); // warm-up
                    rateByBatch.put(batch, rate(e, sample, null));
                }
                BenchOut.log("batch %d: %.1f chunks/s", batch, rateByBatch.get(batch));
            }
            // The previous embedder: langchain4j's model, one text per ONNX call, texts spread over threads.
            AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
            List<TextSegment> segments = sample.stream().map(TextSegment::from).toList();
            langchain4j.embedAll(segments.subList(0, Math.min(16, segments.size())));
            long t0 = System.nanoTime();
            langchain4j.embedAll(segments);
            langchain4jRate = sample.size() / ((System.nanoTime() - t0) / 1e9);
            BenchOut.log("langchain4j embedAll: %.1f chunks/s", langchain4jRate);
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
                oneCallRate = rate(e, sample, null);
            }
            BenchOut.log(
                    "sample, one call at a time, %d threads: %.1f chunks/s",
                    Runtime.getRuntime().availableProcessors(), oneCallRate);
        }
        OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.configured(), serviceBatch, onnxThreads, onnxCalls);
        embedder.embed(sample.subList(0, Math.min(64, sample.size()))); // warm-up
        double rawRate = rate(embedder, texts, vectors);
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
                buildIndex(os, reference, ChunkIndex.mappingJson(vectorOptions), events, vectors);
                mergedSize(os, reference); // the force-merge rebuilds the graph: part of the cost
                cpuBaseline.putAll(ProcessCpu.since(cpuBefore, opts.getOrDefault("pid-files", "")));
                BenchOut.log("reference index built; CPU seconds meanwhile %s", cpuBaseline);
            } else {
                // The store-everything baseline first, from the vectors of the raw pass: besides being needed, it
                // brings OpenSearch's indexing code to a steady state (JIT), as in a cluster that has been running.
                String pidFiles = opts.getOrDefault("pid-files", "");
                Map<String, Double> cpuBefore = ProcessCpu.seconds(pidFiles);
                buildIndex(os, BASELINE_INDEX, storeEverythingMapping(vectorOptions), events, vectors);
                baselineBytes = mergedSize(os, BASELINE_INDEX);
                cpuBaseline.putAll(ProcessCpu.since(cpuBefore, pidFiles));
                BenchOut.log("store-everything baseline built; CPU seconds meanwhile %s", cpuBaseline);
                cpuBefore = ProcessCpu.seconds(pidFiles);
                seconds = pipeline(events, texts.size(), kafka, os, completion);
                cpuSeconds.putAll(ProcessCpu.since(cpuBefore, pidFiles));
                pipelineRate = texts.size() / seconds;
                BenchOut.log(
                        "pipeline: %.1f s, %.1f chunks/s (load %s); CPU seconds meanwhile %s",
                        seconds, pipelineRate, load, cpuSeconds);
                serviceMetrics = serviceMetrics(opts.get("embed-service"));
                BenchOut.log("embed-service metrics: %s", serviceMetrics);
                // The machine's speed drifts: the raw rate again, right after the pipeline; the baseline is the mean.
                rawRateAfter = rate(embedder, texts, null);
                BenchOut.log("raw embedding of all chunks after the pipeline: %.1f chunks/s", rawRateAfter);
            }

            long referenceBytes = mergedSize(os, reference);
            if (baselineBytes < 0) {
                buildIndex(os, BASELINE_INDEX, storeEverythingMapping(vectorOptions), events, vectors);
                baselineBytes = mergedSize(os, BASELINE_INDEX);
            }
            buildIndex(
                    os,
                    SQ_INDEX,
                    ChunkIndex.mappingJson(vectorOptions.withEncoding(ChunkIndex.VectorEncoding.SQ)),
                    events,
                    vectors);
            long sqBytes = mergedSize(os, SQ_INDEX);
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
                    VectorIndexOptions.MINILM_BYTE_SCALE,
                    calibrated.clippedShare(vectors));
            Map<String, Long> byteBytes = new LinkedHashMap<>();
            for (int m : batchSizes(opts.getOrDefault("byte-m", "16"))) {
                String index = BYTE_INDEX + "-m" + m;
                buildIndex(
                        os,
                        index,
                        ChunkIndex.mappingJson(vectorOptions
                                .withEncoding(ChunkIndex.VectorEncoding.BYTE)
                                .withM(m)
                                .withByteScale(calibrated.scale())),
                        events,
                        vectors);
                byteBytes.put(index, mergedSize(os, index));
                BenchOut.log("byte vectors, m %d: %d bytes", m, byteBytes.get(index));
            }

            ObjectNode out = JsonMapper.shared().createObjectNode();
            out.put("benchmark", "embed-index");
            out.put("cores", Runtime.getRuntime().availableProcessors());
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
            out.put("footprint", BenchOut.round((double) referenceBytes / baselineBytes, 3));
            out.put("footprintTarget", 0.5);
            out.put("sqReferenceIndexBytes", sqBytes);
            out.put("sqFootprint", BenchOut.round((double) sqBytes / baselineBytes, 3));
            ObjectNode perChunk = out.putObject("bytesPerChunk");
            perChunk.put("fp32", BenchOut.round((double) referenceBytes / texts.size(), 3));
            perChunk.put("sq", BenchOut.round((double) sqBytes / texts.size(), 3));
            byteBytes.forEach((index, bytes) -> perChunk.put(index, BenchOut.round((double) bytes / texts.size(), 3)));
            perChunk.put("storeEverything", BenchOut.round((double) baselineBytes / texts.size(), 3));
            perChunk.put("target", 1250);
            ObjectNode calibration = out.putObject("byteCalibration");
            calibration.put("scale", calibrated.scale());
            calibration.put("coverage", ByteQuantizer.DEFAULT_COVERAGE);
            calibration.put("sampleVectors", calibrationSample.size());
            calibration.put("clippedShareOfAllComponents", calibrated.clippedShare(vectors));
            calibration.put("shippedScale", VectorIndexOptions.MINILM_BYTE_SCALE);
            if (opts.containsKey("opensearch-data")) {
                Path data = Path.of(opts.get("opensearch-data"));
                ObjectNode files = out.putObject("vectorFilesBytes");
                files.set("fp32", VectorFiles.sizes(os, data, reference));
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
                q.set("fp32", quality.evaluate(os, reference, queryVectors));
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

    /** embed-service's embedding and bulk timers and batch sizes (Prometheus text), to see where time went. */
    private static String serviceMetrics(String baseUrl) {
        if (baseUrl == null) return "";
        try (RestClient c = RestClient.builder(HttpHost.create(baseUrl)).build()) {
            String text = new String(
                    c.performRequest(new Request("GET", "/q/metrics"))
                            .getEntity()
                            .getContent()
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("renvoi_embed_")
                        && (line.contains("_sum") || line.contains("_count") || line.contains("_max"))) {
                    out.append(line).append("; ");
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static int[] batchSizes(String list) {
        return java.util.Arrays.stream(list.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    /** The reference mapping with text and vector kept in _source (the store-everything baseline). */
    private static String storeEverythingMapping(VectorIndexOptions vectorOptions) throws IOException {
        ObjectNode mapping = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson(vectorOptions));
        ((ObjectNode) mapping.get("mappings")).remove("_source");
        return mapping.toString();
    }

    /** Embeds the texts in one call (the embedder batches them); returns chunks per second, keeping vectors if asked. */
    private static double rate(OnnxEmbedder embedder, List<String> texts, List<float[]> keep) {
        long start = System.nanoTime();
        List<float[]> v = embedder.embedPassages(texts);
        double rate = texts.size() / ((System.nanoTime() - start) / 1e9);
        if (keep != null) keep.addAll(v);
        return rate;
    }

    /** Sends every UPSERT and waits until all chunks are searchable; returns the elapsed seconds. */
    /**
     * How the end of the pipeline is seen. {@code indexed}: a {@code rag.indexed} INDEXED event has arrived for
     * every document (embed-service publishes it once OpenSearch acknowledged the document's chunks), then one
     * {@code _refresh} and a {@code _count} confirm every chunk searchable; the clock stops after that count.
     * {@code count}: {@code _count} every 250 ms; those searches keep the shard from going search-idle, so
     * OpenSearch refreshes every second during the whole run, which an ingestion with nobody searching does not
     * cause.
     */
    private static double pipeline(
            List<DocumentEvent> events, int chunks, String kafka, RestClient os, String completion) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "5");
        Properties c = new Properties();
        c.put("bootstrap.servers", kafka);
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        c.put("enable.auto.commit", "false");
        long start;
        // Encoded before the clock starts: the driver stands in for ingest-service, whose work is not measured,
        // and should take as little as possible of the cores the pipeline runs on.
        List<String> encoded = events.stream().map(EventJson::encode).toList();
        boolean byEvents = "indexed".equals(completion);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
                KafkaConsumer<String, String> indexed = new KafkaConsumer<>(c)) {
            producer.partitionsFor(Topics.DOCUMENTS); // connect (and create the topic) before the clock starts
            List<TopicPartition> partitions = producer.partitionsFor(Topics.INDEXED).stream() // creates it if missing
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            indexed.assign(partitions);
            indexed.seekToEnd(partitions);
            partitions.forEach(indexed::position); // resolve the end offsets now, before anything is indexed
            awaitConsumerAssignment(kafka);
            start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                producer.send(
                        new ProducerRecord<>(Topics.DOCUMENTS, events.get(i).docId(), encoded.get(i)));
            }
            producer.flush();
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            java.util.Set<String> done = new java.util.HashSet<>();
            while (System.nanoTime() < deadline) {
                if (byEvents) {
                    if (done.size() < events.size()) {
                        for (var r : indexed.poll(java.time.Duration.ofMillis(500))) {
                            IndexedEvent e = EventJson.decode(r.value(), IndexedEvent.class);
                            if (e.outcome() == IndexedEvent.Outcome.INDEXED) done.add(e.docId());
                        }
                        continue;
                    }
                    os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_refresh"));
                }
                if (count(os) >= chunks) {
                    return (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("chunks not all searchable after 30 minutes");
    }

    /**
     * Waits until embed-service's consumer group owns rag.documents' partitions, so the clock measures the
     * pipeline, not the consumer's discovery of a topic that the benchmark has just created.
     */
    private static void awaitConsumerAssignment(String kafka) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of("renvoi-embed"))
                        .all()
                        .get()
                        .get("renvoi-embed");
                boolean assigned = group.members().stream()
                        .anyMatch(m -> m.assignment().topicPartitions().stream()
                                .anyMatch(tp -> tp.topic().equals(Topics.DOCUMENTS)));
                if (assigned) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("embed-service did not get rag.documents' partitions within 2 minutes");
        }
    }

    private static long count(RestClient os) throws IOException {
        Request r = new Request("POST", "/" + ChunkIndex.ALIAS + "/_count");
        r.setEntity(new NStringEntity(
                "{\"query\":{\"term\":{\"collection\":\"" + COLLECTION + "\"}}}", ContentType.APPLICATION_JSON));
        try {
            return json(os.performRequest(r)).path("count").asLong();
        } catch (org.opensearch.client.ResponseException e) {
            return 0; // the index is created with the first write
        }
    }

    /** The same chunks, vectors and reference fields in an index created with the given mapping. */
    private static void buildIndex(
            RestClient os, String index, String mapping, List<DocumentEvent> events, List<float[]> vectors)
            throws IOException {
        Request create = new Request("PUT", "/" + index);
        create.setEntity(new NStringEntity(mapping, ContentType.APPLICATION_JSON));
        os.performRequest(create);
        indexChunks(os, index, events, vectors);
    }

    /**
     * The UPSERT events of SciFact documents as ingest-service makes them (page text chunked for MiniLM), for
     * collection {@code collection}; each chunk's text is added to {@code texts} in order.
     */
    static List<DocumentEvent> documentEvents(List<SciFactCorpus.Doc> docs, String collection, List<String> texts) {
        Chunker chunker = Chunker.forMiniLm();
        List<DocumentEvent> events = new ArrayList<>();
        for (SciFactCorpus.Doc d : docs) {
            String url = "http://127.0.0.1/scifact/" + d.id();
            String text = d.pageText();
            List<ChunkRef> chunks = new ArrayList<>();
            for (Chunk c : chunker.chunk(text)) {
                chunks.add(new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()));
                texts.add(c.text());
            }
            events.add(DocumentEvent.upsert(DocumentIds.docId(collection, url), url, collection)
                    .finalUrl(url)
                    .title(d.title())
                    .contentType("text/html")
                    .extracted(Sha256.hex(text), "html-1")
                    .epoch(1L, System.currentTimeMillis())
                    .chunks(chunks)
                    .build());
        }
        return events;
    }

    /** Bulk-writes the chunks of {@code events} with their {@code vectors} (in chunk order) and the reference fields. */
    static void indexChunks(RestClient os, String index, List<DocumentEvent> events, List<float[]> vectors)
            throws IOException {
        VectorFormat format = VectorFormat.read(os, index); // floats, or bytes with the index's recorded scale
        StringBuilder bulk = new StringBuilder();
        int i = 0;
        int inBulk = 0;
        for (DocumentEvent e : events) {
            for (ChunkRef c : e.chunks()) {
                ObjectNode doc = JsonMapper.shared().createObjectNode();
                float[] v = format.encode(vectors.get(i++));
                var arr = doc.putArray(ChunkIndex.VECTOR);
                for (float f : v) arr.add(f);
                doc.put(ChunkIndex.TEXT, c.text())
                        .put(ChunkIndex.DOC_ID, e.docId())
                        .put(ChunkIndex.COLLECTION, e.collection())
                        .put(ChunkIndex.URL, e.url())
                        .put(ChunkIndex.TITLE, e.title())
                        .put(ChunkIndex.ORD, c.ord())
                        .put(ChunkIndex.START, c.start())
                        .put(ChunkIndex.END, c.end())
                        .put(ChunkIndex.CHUNK_SHA256, c.sha256())
                        .put(ChunkIndex.DOC_SHA256, e.docSha256())
                        .put(ChunkIndex.EXTRACTOR_VERSION, e.extractorVersion())
                        .put(ChunkIndex.CONTENT_TYPE, e.contentType())
                        .put(ChunkIndex.EPOCH, e.epoch())
                        .put(ChunkIndex.FETCHED_AT, e.fetchedAt())
                        .put(ChunkIndex.INDEXED_AT, e.fetchedAt());
                bulk.append("{\"index\":{\"_id\":\"")
                        .append(DocumentIds.chunkId(e.docId(), c.ord()))
                        .append("\"}}\n")
                        .append(doc)
                        .append('\n');
                if (++inBulk == 500) {
                    sendBulk(os, index, bulk);
                    inBulk = 0;
                }
            }
        }
        if (inBulk > 0) sendBulk(os, index, bulk);
    }

    private static void sendBulk(RestClient os, String index, StringBuilder bulk) throws IOException {
        Request r = new Request("POST", "/" + index + "/_bulk");
        r.setEntity(
                new NStringEntity(bulk.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        JsonNode response = json(os.performRequest(r));
        if (response.path("errors").asBoolean()) {
            throw new IllegalStateException(
                    "baseline bulk failed: " + response.toString().substring(0, 500));
        }
        bulk.setLength(0);
    }

    /**
     * Size in bytes of the index's segments after a flush and a force-merge to one segment. Read from the
     * segments API, not {@code _stats/store}: OpenSearch caches store sizes for up to 10 s
     * ({@code index.store.stats_refresh_interval}), which returned the size of the empty index right after a merge.
     */
    static long mergedSize(RestClient os, String index) throws IOException {
        os.performRequest(new Request("POST", "/" + index + "/_refresh"));
        os.performRequest(new Request("POST", "/" + index + "/_flush"));
        Request merge = new Request("POST", "/" + index + "/_forcemerge");
        merge.addParameter("max_num_segments", "1");
        os.performRequest(merge);
        os.performRequest(new Request("POST", "/" + index + "/_refresh")); // the searcher sees only the merged segment
        long bytes = 0;
        for (JsonNode physical : json(os.performRequest(new Request("GET", "/" + index + "/_segments")))
                .path("indices")) {
            for (JsonNode copies : physical.path("shards")) {
                for (JsonNode copy : copies) {
                    if (copy.path("routing").path("primary").asBoolean(true)) {
                        for (JsonNode segment : copy.path("segments")) {
                            bytes += segment.path("size_in_bytes").asLong();
                        }
                    }
                }
            }
        }
        return bytes;
    }

    static JsonNode json(Response response) throws IOException {
        return JsonMapper.shared().readTree(response.getEntity().getContent());
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
