package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.chunk.TokenCounter;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ByteQuantizer;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Builds one variant of the SciFact chunk index without the pipeline, for comparing analyzers, vector encodings
 * and HNSW {@code m} with the same vectors: SciFact chunked as ingest-service chunks it, embedded once in process
 * with {@code --model} as embed-service runs it (batch 4, one single-threaded call per core; the vectors are
 * cached in {@code --vectors}, keyed by the chunks and the model's version, and reused by the next variants;
 * {@code --embed-only} stops there), indexed with {@code rag-chunks}' mapping and the options
 * asked, force-merged, and put behind the {@code rag-chunks} alias (moved from whatever index had it), so that
 * query-service searches it. Prints one JSON object: chunks, embedding rate (when embedded now), byte calibration,
 * index bytes and bytes per chunk after the force-merge (segments API, as {@code bench/embed-index}).
 */
public final class IndexVariants {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(
                Path.of(opts.get("corpus")), Integer.parseInt(opts.getOrDefault("limit", "" + Integer.MAX_VALUE)));
        List<String> texts = new ArrayList<>();
        String chunks = opts.getOrDefault("chunks", "ingest-service");
        List<DocumentEvent> events = SciFactChunks.documentEvents(docs, "scifact", texts, chunker(chunks));
        boolean titled = opts.containsKey("title-context");
        if (titled) texts = SciFactChunks.titledPassages(events);
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("documents", docs.size())
                .put("chunks", texts.size())
                .put("titleContext", titled)
                .put("chunker", chunks);

        EmbeddingModel model = EmbeddingModel.named(opts.getOrDefault("model", EmbeddingModel.DEFAULT.configName()));
        out.put("model", model.configName()).put("embeddingVersion", model.version());
        Path cache = Path.of(opts.get("vectors"));
        String key = Sha256.hex(model.version() + "\u0000" + String.join("\u0000", texts));
        List<float[]> vectors = load(cache, key);
        if (vectors == null) {
            try (OnnxEmbedder embedder = new OnnxEmbedder(model, OnnxEmbedder.DEFAULT_BATCH_SIZE, 1, 0)) {
                embedder.embedPassages(texts.subList(0, Math.min(64, texts.size()))); // warm-up
                long t0 = System.nanoTime();
                vectors = embedder.embedPassages(texts);
                double rate = texts.size() / ((System.nanoTime() - t0) / 1e9);
                out.put("embeddedChunksPerSecond", Math.round(rate * 10) / 10.0);
                out.put(
                        "loadAverage",
                        Files.readString(Path.of("/proc/loadavg")).trim());
            }
            save(cache, key, vectors);
        }
        if (opts.containsKey("embed-only")) {
            System.out.println(out);
            return;
        }
        List<float[]> sample = vectors.subList(0, Math.min(2000, vectors.size()));
        ByteQuantizer calibrated = ByteQuantizer.calibrate(sample, ByteQuantizer.DEFAULT_COVERAGE);
        out.put("calibratedByteScale", calibrated.scale());
        out.put("calibrationSample", sample.size());
        out.put("clippedShare", calibrated.clippedShare(vectors));

        ChunkIndex.VectorEncoding encoding = ChunkIndex.VectorEncoding.valueOf(opts.getOrDefault("encoding", "FP32"));
        VectorIndexOptions options = VectorIndexOptions.DEFAULTS
                .withEncoding(encoding)
                .withM(Integer.parseInt(opts.getOrDefault("m", "16")))
                .withByteScale(
                        opts.containsKey("byte-scale") ? Float.parseFloat(opts.get("byte-scale")) : calibrated.scale());
        ObjectNode mapping = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson(options));
        String analysis = opts.getOrDefault("analysis", "english");
        if (analysis.equals("standard")) { // rag-chunks-v1's analysis: no stemming, titles with the standard analyzer
            ObjectNode settings = (ObjectNode) mapping.get("settings");
            settings.set(
                    "analysis",
                    JsonMapper.shared()
                            .readTree(
                                    "{\"analyzer\":{\"chunk_text\":{\"type\":\"standard\",\"stopwords\":\"_english_\"}}}"));
            ((ObjectNode) mapping.at("/mappings/properties/title")).remove("analyzer");
        }
        String index = opts.get("index");
        out.put("index", index)
                .put("encoding", encoding.name())
                .put("m", options.m())
                .put("analysis", analysis);
        if (encoding == ChunkIndex.VectorEncoding.BYTE) out.put("byteScale", options.byteScale());

        try (RestClient os = ChunkQueries.client(opts.get("opensearch"))) {
            try {
                os.performRequest(new Request("DELETE", "/" + index));
            } catch (org.opensearch.client.ResponseException e) {
                // absent
            }
            Request create = new Request("PUT", "/" + index);
            create.setEntity(new NStringEntity(mapping.toString(), ContentType.APPLICATION_JSON));
            os.performRequest(create);
            long t0 = System.nanoTime();
            SciFactChunks.indexChunks(os, index, events, vectors);
            long bytes = SciFactChunks.mergedSize(os, index);
            out.put("indexAndMergeSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            out.put("indexBytes", bytes);
            out.put("bytesPerChunk", Math.round(bytes * 10.0 / texts.size()) / 10.0);
            Request alias = new Request("POST", "/_aliases");
            alias.setEntity(new NStringEntity(
                    "{\"actions\":[{\"remove\":{\"index\":\"*\",\"alias\":\"" + ChunkIndex.ALIAS
                            + "\",\"must_exist\":false}},{\"add\":{\"index\":\"" + index + "\",\"alias\":\""
                            + ChunkIndex.ALIAS + "\"}}]}",
                    ContentType.APPLICATION_JSON));
            os.performRequest(alias);
        }
        System.out.println(out);
    }

    /** ingest-service's chunker, or {@code TARGET:MAX:OVERLAP:TOKENS} (characters, and word pieces). */
    private static Chunker chunker(String spec) {
        if (spec.equals("ingest-service")) return Chunker.forMiniLm();
        int[] c = Options.ints(spec.replace(':', ','));
        if (c.length != 4) throw new IllegalArgumentException("--chunks=TARGET:MAX:OVERLAP:TOKENS, got " + spec);
        return new Chunker(c[0], c[1], c[2], c[3], TokenCounter.miniLm());
    }

    private static List<float[]> load(Path cache, String key) throws IOException {
        if (!Files.exists(cache)) return null;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
            if (!in.readUTF().equals(key)) return null;
            int n = in.readInt();
            int dims = in.readInt();
            List<float[]> vectors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[dims];
                for (int d = 0; d < dims; d++) v[d] = in.readFloat();
                vectors.add(v);
            }
            return vectors;
        }
    }

    private static void save(Path cache, String key, List<float[]> vectors) throws IOException {
        Files.createDirectories(cache.toAbsolutePath().getParent());
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeUTF(key);
            out.writeInt(vectors.size());
            out.writeInt(vectors.get(0).length);
            for (float[] v : vectors) {
                for (float f : v) out.writeFloat(f);
            }
        }
    }

    private IndexVariants() {}
}
