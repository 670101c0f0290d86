package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.http.HttpHost;
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
        SearchQualityBenchmark b = new SearchQualityBenchmark(
                Options.afterPhase(args, "usage: ingest|search|answer|report --name=value..."));
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
        try (RestClient os = openSearch()) {
            write(
                    "ingest",
                    SciFactIngestJob.run(
                            os,
                            docs,
                            collection,
                            opts.getOrDefault("site", "http://127.0.0.1:38090"),
                            opts.getOrDefault("ingest", "http://127.0.0.1:38081")));
        }
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
                ndcg += SciFactJudgments.ndcgAt10(ranked, relevant);
                recall += SciFactJudgments.recallAt10(ranked, relevant);
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
        try (RestClient os = openSearch()) {
            out.set(
                    "latency_ms",
                    SearchLatency.measure(os, query, collection, new ArrayList<>(queries.values()), rounds));
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
        Map<String, String> queries =
                SciFactJudgments.split(queries(qrels.keySet()), opts.getOrDefault("split", "all"));
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
                List<String> ranked = ServiceHttp.searchDocIds(query, collection, q.getValue(), mode, fusion);
                ndcg += SciFactJudgments.ndcgAt10(ranked, qrels.get(q.getKey()));
                recall += SciFactJudgments.recallAt10(ranked, qrels.get(q.getKey()));
            }
            System.out.printf(
                    "%s nDCG@10 %.4f recall@10 %.4f%n", setting, ndcg / queries.size(), recall / queries.size());
        }
    }

    private List<String> searchDocIds(String query, String text, String mode) throws Exception {
        return ServiceHttp.searchDocIds(query, collection, text, mode, null);
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
        out.put("p50_ms", BenchOut.round(BenchOut.percentile(ms, 50), 2));
        out.put("p90_ms", BenchOut.round(BenchOut.percentile(ms, 90), 2));
        ObjectNode st = out.putObject("passage_statuses");
        statuses.forEach(st::put);
        BenchOut.log(
                "answer %s: p50 %.1f ms over %d questions, statuses %s",
                label, BenchOut.percentile(ms, 50), questions.size(), statuses);
        write("answer-" + label, out);
    }

    private JsonNode ask(String query, String question) throws Exception {
        ObjectNode body =
                JsonMapper.shared().createObjectNode().put("question", question).put("collection", collection);
        return ServiceHttp.post(query + "/api/v1/query", body.toString());
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
        return SciFactJudgments.qrels(evalDir(), corpusIds);
    }

    private Map<String, String> queries(Set<String> ids) throws IOException {
        return SciFactJudgments.queries(evalDir(), ids);
    }

    private RestClient openSearch() {
        return RestClient.builder(HttpHost.create(opts.getOrDefault("opensearch", "http://127.0.0.1:38200")))
                .build();
    }

    private void write(String part, ObjectNode json) throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("part-" + part + ".json"), json.toString());
    }
}
