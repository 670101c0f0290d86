package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

/**
 * Issue 5's benchmark driver, one phase per invocation (bench/search-quality runs them in order and starts
 * the services in between); each phase writes its part of the result as JSON into the state folder and
 * {@code report} merges them.
 * <ul>
 * <li>{@code ingest}: submits every SciFact page of the local site as one ingest job to ingest-service and
 * waits until the job is done (skipped when the collection already holds the documents);</li>
 * <li>{@code search}: runs the training queries through {@code /api/v1/search} in each mode (nDCG@10,
 * recall@10 at document level), then the latency of hybrid search against bare question embedding in
 * process + bare OpenSearch kNN query, measured interleaved in the same run;</li>
 * <li>{@code answer}: {@code /api/v1/query} latency over the first questions (label cold or warm; warm
 * runs one unmeasured pass first);</li>
 * <li>{@code report}: merges the parts, prints them and saves them.</li>
 * </ul>
 * Reads: the SciFact files, ingest-service, query-service and OpenSearch at the given addresses.
 */
public final class SearchQualityBenchmark {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] MODES = {"bm25", "vector", "hybrid"};

    private final Map<String, String> opts;
    private final Path state;
    private final String collection;

    private SearchQualityBenchmark(Map<String, String> opts) {
        this.opts = opts;
        this.state = Path.of(opts.getOrDefault("state", ".renvoi/bench-quality"));
        this.collection = opts.getOrDefault("collection", "scifact");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException("usage: ingest|search|answer|report --name=value...");
        SearchQualityBenchmark b = new SearchQualityBenchmark(Options.parse(Arrays.copyOfRange(args, 1, args.length)));
        switch (args[0]) {
            case "ingest" -> b.ingest();
            case "search" -> b.search();
            case "answer" -> b.answer();
            case "report" -> b.report();
            case "tune" -> b.tune();
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- ingest

    private void ingest() throws Exception {
        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(corpusPath(), limit());
        String site = opts.getOrDefault("site", "http://127.0.0.1:38090");
        try (RestClient os = openSearch()) {
            long indexed = indexedDocuments(os);
            ObjectNode out = JsonMapper.shared().createObjectNode();
            if (indexed >= docs.size()) {
                BenchOut.log("collection %s already holds %d documents: ingestion skipped", collection, indexed);
                out.put("reused_index", true);
            } else {
                ObjectNode job = JsonMapper.shared().createObjectNode().put("collection", collection);
                ArrayNode urls = job.putArray("urls");
                docs.forEach(d -> urls.add(site + "/doc/" + d.id()));
                String ingest = opts.getOrDefault("ingest", "http://127.0.0.1:38081");
                long t0 = System.nanoTime();
                JsonNode accepted = post(ingest + "/api/v1/ingest-jobs", job.toString());
                String jobId = accepted.get("jobId").asText();
                BenchOut.log("job %s: %d urls", jobId, accepted.get("total").asInt());
                JsonNode status;
                long lastLog = 0;
                while (true) {
                    status = get(ingest + "/api/v1/ingest-jobs/" + jobId);
                    if (status.get("done").asBoolean()) break;
                    if (System.nanoTime() - lastLog > 15_000_000_000L) {
                        BenchOut.log(
                                "job: fetched %d, indexed %d, failed %d of %d",
                                status.get("fetched").asInt(),
                                status.get("indexed").asInt(),
                                status.get("failedCount").asInt(),
                                status.get("total").asInt());
                        lastLog = System.nanoTime();
                    }
                    Thread.sleep(1000);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                BenchOut.log(
                        "job done in %.0f s: indexed %d, failed %d",
                        seconds,
                        status.get("indexed").asInt(),
                        status.get("failedCount").asInt());
                out.put("reused_index", false);
                out.put("ingest_seconds", Math.round(seconds * 10) / 10.0);
                out.put("failed", status.get("failedCount").asInt());
                if (status.get("failedCount").asInt() > 0) out.set("failed_sample", status.get("failed"));
            }
            os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_refresh"));
            out.put("docs", indexedDocuments(os));
            out.put("chunks", count(os));
            write("ingest", out);
        }
    }

    private long indexedDocuments(RestClient os) throws IOException {
        String body = "{\"size\":0,\"query\":{\"term\":{\"collection\":\"" + collection + "\"}},"
                + "\"aggs\":{\"docs\":{\"cardinality\":{\"field\":\"doc_id\",\"precision_threshold\":40000}}}}";
        JsonNode r = openSearchJson(os, "POST", "/" + ChunkIndex.ALIAS + "/_search", body);
        return r == null ? 0 : r.path("aggregations").path("docs").path("value").asLong();
    }

    private long count(RestClient os) throws IOException {
        JsonNode r = openSearchJson(
                os,
                "POST",
                "/" + ChunkIndex.ALIAS + "/_count",
                "{\"query\":{\"term\":{\"collection\":\"" + collection + "\"}}}");
        return r == null ? 0 : r.path("count").asLong();
    }

    // ---------------------------------------------------------------- search quality and latency

    private void search() throws Exception {
        Set<String> corpusIds = new HashSet<>();
        SciFactCorpus.read(corpusPath(), limit()).forEach(d -> corpusIds.add(d.id()));
        Map<String, Set<String>> qrels = qrels(corpusIds);
        Map<String, String> queries = queries(qrels.keySet());
        String query = opts.getOrDefault("query", "http://127.0.0.1:38083");
        BenchOut.log("%d queries with a relevant document among %d", queries.size(), corpusIds.size());

        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("queries", queries.size());
        ObjectNode quality = out.putObject("quality");
        // --modes=vector,hybrid skips BM25 alone (the same for every model of one analysis)
        for (String mode : opts.getOrDefault("modes", String.join(",", MODES)).split(",")) {
            double ndcg = 0;
            double recall = 0;
            for (var q : queries.entrySet()) {
                List<String> ranked = searchDocIds(query, q.getValue(), mode);
                Set<String> relevant = qrels.get(q.getKey());
                ndcg += ndcgAt10(ranked, relevant);
                recall += recallAt10(ranked, relevant);
            }
            ObjectNode m = quality.putObject(mode);
            m.put("ndcg@10", BenchOut.round(ndcg / queries.size(), 4));
            m.put("recall@10", BenchOut.round(recall / queries.size(), 4));
            BenchOut.log("%s: nDCG@10 %.4f recall@10 %.4f", mode, ndcg / queries.size(), recall / queries.size());
        }

        int rounds = Integer.parseInt(opts.getOrDefault("latency-rounds", "1"));
        if (rounds == 0) { // quality only
            write("search", out);
            return;
        }
        // Latency: hybrid /search against (embedding in process + bare kNN), interleaved query by query.
        OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.configured());
        List<String> texts = new ArrayList<>(queries.values());
        try (RestClient os = openSearch()) {
            // the question encoded as the index takes vectors (floats, or bytes with its recorded scale)
            VectorFormat format = VectorFormat.read(os, ChunkIndex.ALIAS);
            for (int i = 0; i < Math.min(50, texts.size()); i++) { // warm-up of the in-process side
                knn(os, format.encode(embedder.embedQuery(texts.get(i))));
            }
            List<Double> search = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> embed = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (String text : texts) {
                    long t0 = System.nanoTime();
                    searchDocIds(query, text, "hybrid");
                    long t1 = System.nanoTime();
                    float[] v = format.encode(embedder.embedQuery(text));
                    long t2 = System.nanoTime();
                    knn(os, v);
                    long t3 = System.nanoTime();
                    search.add((t1 - t0) / 1e6);
                    bare.add((t3 - t1) / 1e6);
                    embed.add((t2 - t1) / 1e6);
                }
            }
            ObjectNode lat = out.putObject("latency_ms");
            lat.put("samples", search.size());
            lat.put("search_hybrid_p50", BenchOut.round(percentile(search, 50), 2));
            lat.put("search_hybrid_p99", BenchOut.round(percentile(search, 99), 2));
            lat.put("bare_embed_knn_p50", BenchOut.round(percentile(bare, 50), 2));
            lat.put("bare_embed_knn_p99", BenchOut.round(percentile(bare, 99), 2));
            lat.put("bare_embed_p50", BenchOut.round(percentile(embed, 50), 2));
            lat.put("ratio_p50", BenchOut.round(percentile(search, 50) / percentile(bare, 50), 4));
            lat.put("ratio_p99", BenchOut.round(percentile(search, 99) / percentile(bare, 99), 4));
            BenchOut.log(
                    "latency: search p50 %.1f ms p99 %.1f ms; bare p50 %.1f ms p99 %.1f ms; ratio p50 %.3f",
                    percentile(search, 50),
                    percentile(search, 99),
                    percentile(bare, 50),
                    percentile(bare, 99),
                    percentile(search, 50) / percentile(bare, 50));
        }
        write("search", out);
    }

    /**
     * Hybrid nDCG@10 for fusion settings given per request ({@code --grid=rankConstant:vectorWeight:bm25Weight,...}),
     * against a running query-service: for tuning the defaults, not part of the report.
     */
    private void tune() throws Exception {
        Set<String> corpusIds = new HashSet<>();
        SciFactCorpus.read(corpusPath(), limit()).forEach(d -> corpusIds.add(d.id()));
        Map<String, Set<String>> qrels = qrels(corpusIds);
        Map<String, String> queries = split(queries(qrels.keySet()), opts.getOrDefault("split", "all"));
        String query = opts.getOrDefault("query", "http://127.0.0.1:38083");
        System.out.printf("split %s: %d queries%n", opts.getOrDefault("split", "all"), queries.size());
        for (String setting : opts.getOrDefault("grid", "rrf:60:1:1").split(",")) {
            String[] p = setting.split(":");
            ObjectNode fusion = JsonMapper.shared()
                    .createObjectNode()
                    .put("method", p[0])
                    .put("rankConstant", Integer.parseInt(p[1]))
                    .put("vectorWeight", Double.parseDouble(p[2]))
                    .put("bm25Weight", Double.parseDouble(p[3]));
            String mode = "hybrid";
            double ndcg = 0;
            double recall = 0;
            for (var q : queries.entrySet()) {
                List<String> ranked = searchDocIds(query, q.getValue(), mode, fusion);
                ndcg += ndcgAt10(ranked, qrels.get(q.getKey()));
                recall += recallAt10(ranked, qrels.get(q.getKey()));
            }
            System.out.printf(
                    "%s nDCG@10 %.4f recall@10 %.4f%n", setting, ndcg / queries.size(), recall / queries.size());
        }
    }

    /**
     * A fixed half of the queries ({@code --split=tune}: the 1st, 3rd, 5th... in file order; {@code held-out}: the
     * 2nd, 4th...; {@code all}): fusion is tuned on one half and reported on the other, so the reported figure is
     * not fitted to the queries it is measured on.
     */
    static Map<String, String> split(Map<String, String> queries, String split) {
        if (split.equals("all")) {
            return queries;
        }
        int parity = switch (split) {
            case "tune" -> 0;
            case "held-out" -> 1;
            default -> throw new IllegalArgumentException("--split must be all, tune or held-out: " + split);
        };
        Map<String, String> half = new LinkedHashMap<>();
        int i = 0;
        for (var q : queries.entrySet()) {
            if (i++ % 2 == parity) half.put(q.getKey(), q.getValue());
        }
        return half;
    }

    private List<String> searchDocIds(String query, String text, String mode) throws Exception {
        return searchDocIds(query, text, mode, null);
    }

    private List<String> searchDocIds(String query, String text, String mode, ObjectNode fusion) throws Exception {
        ObjectNode body = JsonMapper.shared()
                .createObjectNode()
                .put("query", text)
                .put("collection", collection)
                .put("k", 10)
                .put("mode", mode)
                .put("maxPerDocument", 1);
        if (fusion != null) body.set("fusion", fusion);
        JsonNode r = post(query + "/api/v1/search", body.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode h : r.get("hits")) {
            String url = h.get("url").asText();
            String id = url.substring(url.lastIndexOf('/') + 1);
            if (!ids.contains(id)) ids.add(id);
        }
        return ids;
    }

    /** The bare kNN query: top 10 chunks by vector within the collection, reference fields only. */
    private void knn(RestClient os, float[] v) throws IOException {
        StringBuilder vec = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) vec.append(',');
            vec.append(v[i]);
        }
        String body =
                "{\"size\":10,\"_source\":[\"doc_id\",\"url\",\"title\",\"ord\",\"start\",\"end\"],\"query\":{\"knn\":{\"vector\":{"
                        + "\"vector\":[" + vec + "],\"k\":10,\"filter\":{\"terms\":{\"collection\":[\"" + collection
                        + "\"]}}}}}}";
        Request req = new Request("POST", "/" + ChunkIndex.ALIAS + "/_search");
        req.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        EntityUtils.consume(os.performRequest(req).getEntity());
    }

    static double ndcgAt10(List<String> ranked, Set<String> relevant) {
        double dcg = 0;
        for (int i = 0; i < Math.min(10, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) dcg += 1 / log2(i + 2);
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(10, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    static double recallAt10(List<String> ranked, Set<String> relevant) {
        long found = ranked.stream().limit(10).filter(relevant::contains).count();
        return relevant.isEmpty() ? 0 : (double) found / relevant.size();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    // ---------------------------------------------------------------- answer latency

    private void answer() throws Exception {
        String label = opts.getOrDefault("label", "cold");
        int n = Integer.parseInt(opts.getOrDefault("questions", "50"));
        String query = opts.getOrDefault("query", "http://127.0.0.1:38083");
        Set<String> corpusIds = new HashSet<>();
        SciFactCorpus.read(corpusPath(), limit()).forEach(d -> corpusIds.add(d.id()));
        List<String> questions =
                new ArrayList<>(queries(qrels(corpusIds).keySet()).values());
        questions = questions.subList(0, Math.min(n, questions.size()));
        if (label.equals("warm")) {
            for (String q : questions) ask(query, q);
        }
        List<Double> ms = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (String q : questions) {
            long t0 = System.nanoTime();
            JsonNode r = ask(query, q);
            ms.add((System.nanoTime() - t0) / 1e6);
            for (JsonNode c : r.path("citations"))
                statuses.merge(c.path("status").asText(), 1, Integer::sum);
            for (JsonNode c : r.path("dropped")) statuses.merge(c.path("status").asText(), 1, Integer::sum);
        }
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("questions", questions.size());
        out.put("p50_ms", BenchOut.round(percentile(ms, 50), 2));
        out.put("p90_ms", BenchOut.round(percentile(ms, 90), 2));
        ObjectNode st = out.putObject("passage_statuses");
        statuses.forEach(st::put);
        BenchOut.log(
                "answer %s: p50 %.1f ms over %d questions, statuses %s",
                label, percentile(ms, 50), questions.size(), statuses);
        write("answer-" + label, out);
    }

    private JsonNode ask(String query, String question) throws Exception {
        ObjectNode body =
                JsonMapper.shared().createObjectNode().put("question", question).put("collection", collection);
        return post(query + "/api/v1/query", body.toString());
    }

    // ---------------------------------------------------------------- report

    private void report() throws IOException {
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("benchmark", "search-quality");
        out.put("date", Instant.now().toString());
        out.put("corpus_limit", opts.getOrDefault("limit", "all"));
        for (String part : List.of("ingest", "search", "answer-cold", "answer-warm")) {
            Path p = state.resolve("part-" + part + ".json");
            if (Files.exists(p)) out.set(part, JsonMapper.shared().readTree(p.toFile()));
        }
        if (opts.containsKey("load")) out.put("load_average", opts.get("load"));
        if (opts.containsKey("config")) out.put("config", opts.get("config"));
        String json = JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(json);
        if (opts.containsKey("out")) Files.writeString(Path.of(opts.get("out")), json + "\n");
    }

    // ---------------------------------------------------------------- helpers

    private Path corpusPath() {
        return Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl"));
    }

    private int limit() {
        return Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
    }

    private Path evalDir() {
        return corpusPath().getParent();
    }

    /** Relevant corpus ids per query, keeping only documents of the (possibly limited) corpus. */
    private Map<String, Set<String>> qrels(Set<String> corpusIds) throws IOException {
        return qrels(evalDir(), corpusIds);
    }

    /** Relevant corpus ids per training query in {@code evalDir}, keeping only the documents in {@code corpusIds}. */
    static Map<String, Set<String>> qrels(Path evalDir, Set<String> corpusIds) throws IOException {
        Map<String, Set<String>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(evalDir.resolve("qrels/train.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3 && Integer.parseInt(f[2].trim()) > 0 && corpusIds.contains(f[1])) {
                qrels.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1]);
            }
        }
        return qrels;
    }

    private Map<String, String> queries(Set<String> ids) throws IOException {
        return queries(evalDir(), ids);
    }

    /** The training queries of {@code evalDir} whose ids are in {@code ids}, in file order. */
    static Map<String, String> queries(Path evalDir, Set<String> ids) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(evalDir.resolve("queries-train.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode n = JsonMapper.shared().readTree(line);
            if (ids.contains(n.get("_id").asText()))
                queries.put(n.get("_id").asText(), n.get("text").asText());
        }
        return queries;
    }

    private RestClient openSearch() {
        return RestClient.builder(HttpHost.create(opts.getOrDefault("opensearch", "http://127.0.0.1:38200")))
                .build();
    }

    private static JsonNode openSearchJson(RestClient os, String method, String path, String body) throws IOException {
        Request req = new Request(method, path);
        req.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        try {
            Response r = os.performRequest(req);
            return JsonMapper.shared().readTree(EntityUtils.toString(r.getEntity()));
        } catch (org.opensearch.client.ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) return null;
            throw e;
        }
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpRequest req = BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(url)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(req);
    }

    private static JsonNode get(String url) throws Exception {
        return send(BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(url)))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    private static JsonNode send(HttpRequest req) throws Exception {
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300)
            throw new IllegalStateException(req.uri() + ": HTTP " + r.statusCode() + " " + r.body());
        return JsonMapper.shared().readTree(r.body());
    }

    private void write(String part, ObjectNode json) throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("part-" + part + ".json"), json.toString());
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
