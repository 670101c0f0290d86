package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.embed.MiniLmEmbedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.Topics;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkIndex;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path corpus = Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
        String kafka = opts.getOrDefault("kafka", "127.0.0.1:18092");
        String opensearch = opts.getOrDefault("opensearch", "http://127.0.0.1:18200");

        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(corpus, limit);
        Chunker chunker = Chunker.forMiniLm();
        List<DocumentEvent> events = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (SciFactCorpus.Doc d : docs) {
            String url = "http://127.0.0.1/scifact/" + d.id();
            String text = d.pageText();
            List<ChunkRef> chunks = new ArrayList<>();
            for (Chunk c : chunker.chunk(text)) {
                chunks.add(new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()));
                texts.add(c.text());
            }
            events.add(new DocumentEvent(DocumentEvent.Type.UPSERT, DocumentIds.docId(COLLECTION, url), url, url, COLLECTION,
                    d.title(), "text/html", null, null, Sha256.hex(text), "html-1", 1L, System.currentTimeMillis(), null,
                    chunks, null));
        }
        log("%d documents, %d chunks", docs.size(), texts.size());

        MiniLmEmbedder embedder = new MiniLmEmbedder();
        embedder.embed(texts.subList(0, Math.min(64, texts.size()))); // warm-up
        Map<Integer, Double> rateByBatch = new LinkedHashMap<>();
        List<String> sample = texts.subList(0, Math.min(1024, texts.size()));
        for (int batch : new int[] {8, 32, 128, 512}) {
            rateByBatch.put(batch, rate(embedder, sample, batch, null));
            log("batch %d: %.1f chunks/s", batch, rateByBatch.get(batch));
        }
        int bestBatch = rateByBatch.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<float[]> vectors = new ArrayList<>(texts.size());
        double rawRate = rate(embedder, texts, bestBatch, vectors);
        log("raw embedding of all chunks, batch %d: %.1f chunks/s", bestBatch, rawRate);

        try (RestClient os = RestClient.builder(HttpHost.create(opensearch)).build()) {
            double seconds = pipeline(events, texts.size(), kafka, os);
            double pipelineRate = texts.size() / seconds;
            log("pipeline: %.1f s, %.1f chunks/s", seconds, pipelineRate);

            long referenceBytes = mergedSize(os, ChunkIndex.PHYSICAL);
            buildBaseline(os, events, vectors);
            long baselineBytes = mergedSize(os, BASELINE_INDEX);

            ObjectNode out = JsonMapper.shared().createObjectNode();
            out.put("benchmark", "embed-index");
            out.put("cores", Runtime.getRuntime().availableProcessors());
            out.put("documents", docs.size());
            out.put("chunks", texts.size());
            ObjectNode batches = out.putObject("rawChunksPerSecondByBatchSize");
            rateByBatch.forEach((b, r) -> batches.put(String.valueOf(b), round(r)));
            out.put("chosenBatchSize", bestBatch);
            out.put("rawChunksPerSecond", round(rawRate));
            out.put("pipelineSeconds", round(seconds));
            out.put("pipelineChunksPerSecond", round(pipelineRate));
            out.put("efficiency", round(pipelineRate / rawRate));
            out.put("efficiencyTarget", 0.85);
            out.put("referenceIndexBytes", referenceBytes);
            out.put("storeEverythingIndexBytes", baselineBytes);
            out.put("footprint", round((double) referenceBytes / baselineBytes));
            out.put("footprintTarget", 0.5);
            System.out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
    }

    /** Embeds the texts in batches of the given size; returns chunks per second, keeping vectors if asked. */
    private static double rate(MiniLmEmbedder embedder, List<String> texts, int batch, List<float[]> keep) {
        long start = System.nanoTime();
        for (int i = 0; i < texts.size(); i += batch) {
            List<float[]> v = embedder.embed(texts.subList(i, Math.min(texts.size(), i + batch)));
            if (keep != null) keep.addAll(v);
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Sends every UPSERT and waits until all chunks are searchable; returns the elapsed seconds. */
    private static double pipeline(List<DocumentEvent> events, int chunks, String kafka, RestClient os) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "5");
        long start;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.partitionsFor(Topics.DOCUMENTS); // connect before the clock starts
            start = System.nanoTime();
            for (DocumentEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS, e.docId(), EventJson.encode(e)));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long count = count(os);
            if (count >= chunks) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("chunks not all searchable after 30 minutes");
    }

    private static long count(RestClient os) throws IOException {
        Request r = new Request("POST", "/" + ChunkIndex.ALIAS + "/_count");
        r.setEntity(new NStringEntity("{\"query\":{\"term\":{\"collection\":\"" + COLLECTION + "\"}}}", ContentType.APPLICATION_JSON));
        try {
            return json(os.performRequest(r)).path("count").asLong();
        } catch (org.opensearch.client.ResponseException e) {
            return 0; // the index is created with the first write
        }
    }

    /** The same chunks, vectors and reference fields, with text and vector kept in _source. */
    private static void buildBaseline(RestClient os, List<DocumentEvent> events, List<float[]> vectors) throws IOException {
        ObjectNode mapping = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson());
        ((ObjectNode) mapping.get("mappings")).remove("_source");
        Request create = new Request("PUT", "/" + BASELINE_INDEX);
        create.setEntity(new NStringEntity(mapping.toString(), ContentType.APPLICATION_JSON));
        os.performRequest(create);
        StringBuilder bulk = new StringBuilder();
        int i = 0;
        int inBulk = 0;
        for (DocumentEvent e : events) {
            for (ChunkRef c : e.chunks()) {
                ObjectNode doc = JsonMapper.shared().createObjectNode();
                float[] v = vectors.get(i++);
                var arr = doc.putArray(ChunkIndex.VECTOR);
                for (float f : v) arr.add(f);
                doc.put(ChunkIndex.TEXT, c.text()).put(ChunkIndex.DOC_ID, e.docId()).put(ChunkIndex.COLLECTION, e.collection())
                        .put(ChunkIndex.URL, e.url()).put(ChunkIndex.TITLE, e.title()).put(ChunkIndex.ORD, c.ord())
                        .put(ChunkIndex.START, c.start()).put(ChunkIndex.END, c.end()).put(ChunkIndex.CHUNK_SHA256, c.sha256())
                        .put(ChunkIndex.DOC_SHA256, e.docSha256()).put(ChunkIndex.EXTRACTOR_VERSION, e.extractorVersion())
                        .put(ChunkIndex.CONTENT_TYPE, e.contentType()).put(ChunkIndex.EPOCH, e.epoch())
                        .put(ChunkIndex.FETCHED_AT, e.fetchedAt()).put(ChunkIndex.INDEXED_AT, e.fetchedAt());
                bulk.append("{\"index\":{\"_id\":\"").append(DocumentIds.chunkId(e.docId(), c.ord())).append("\"}}\n")
                        .append(doc).append('\n');
                if (++inBulk == 500) {
                    sendBulk(os, bulk);
                    inBulk = 0;
                }
            }
        }
        if (inBulk > 0) sendBulk(os, bulk);
    }

    private static void sendBulk(RestClient os, StringBuilder bulk) throws IOException {
        Request r = new Request("POST", "/" + BASELINE_INDEX + "/_bulk");
        r.setEntity(new NStringEntity(bulk.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        JsonNode response = json(os.performRequest(r));
        if (response.path("errors").asBoolean()) {
            throw new IllegalStateException("baseline bulk failed: " + response.toString().substring(0, 500));
        }
        bulk.setLength(0);
    }

    /** Store size of the index in bytes after a flush and a force-merge to one segment. */
    private static long mergedSize(RestClient os, String index) throws IOException {
        os.performRequest(new Request("POST", "/" + index + "/_refresh"));
        os.performRequest(new Request("POST", "/" + index + "/_flush"));
        Request merge = new Request("POST", "/" + index + "/_forcemerge");
        merge.addParameter("max_num_segments", "1");
        os.performRequest(merge);
        JsonNode stats = json(os.performRequest(new Request("GET", "/" + index + "/_stats/store")));
        return stats.path("indices").path(index).path("primaries").path("store").path("size_in_bytes").asLong();
    }

    private static JsonNode json(Response response) throws IOException {
        return JsonMapper.shared().readTree(response.getEntity().getContent());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return opts;
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    private static void log(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }

    private EmbedIndexBenchmark() {}
}
