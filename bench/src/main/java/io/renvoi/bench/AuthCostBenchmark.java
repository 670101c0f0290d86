package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.bench.AuthCostRequests.Kind;
import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.KeyRing;
import io.renvoi.common.auth.QueryRateLimit;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.http.HttpHost;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * What the API key check costs on {@code POST /api/v1/search} (bench/auth-cost runs the phases in order):
 * <ul>
 * <li>{@code setup}, before query-service starts: writes {@code --keys} API key records to the compacted topic
 * {@code rag.keys} (as ingest-service's key API stores them: key = id, value = the {@link ApiKey} as JSON), one of
 * them the benchmark's query key (its secret goes to {@code <state>/query.key}); and fills {@code rag-chunks} with
 * the first {@code --limit} SciFact documents, chunked as ingest-service chunks and embedded with the model
 * embed-service runs, in collection {@code scifact};</li>
 * <li>{@code measure}, against the running query-service, in interleaved rounds: search with the query key (the
 * production path: key check, rate limiter, collection check), search with the bootstrap admin key (no rate
 * limiter), a search with an unknown well-formed key (answered 401 by the filter), the same without an
 * Authorization header (401 before any key work) and {@code GET /q/health/live} (no filter); and, in this JVM,
 * the key check itself with the real classes ({@link KeyRing} holding the same keys, read back from the topic,
 * {@link QueryRateLimit}, {@link Caller#requireCollection}). Prints one JSON object and saves it.</li>
 * </ul>
 * The keys are {@link AuthCostKeys}, the HTTP requests {@link AuthCostRequests}, the in-process check
 * {@link InProcessKeyCheck}, the result {@link AuthCostReport}; this class runs the phases, fills rag-chunks and reads
 * the SciFact questions.
 */
public final class AuthCostBenchmark {
    static final String COLLECTION = "scifact";

    private final Map<String, String> opts;
    private final Path state;

    private AuthCostBenchmark(Map<String, String> opts) {
        this.opts = opts;
        this.state = Path.of(opts.getOrDefault("state", "/tmp/rv-bench-auth"));
    }

    public static void main(String[] args) throws Exception {
        AuthCostBenchmark b = new AuthCostBenchmark(Options.afterPhase(args, "usage: setup|measure --name=value..."));
        switch (args[0]) {
            case "setup" -> b.setup();
            case "measure" -> b.measure();
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- setup

    private void setup() throws Exception {
        int keys = Integer.parseInt(opts.getOrDefault("keys", "1000"));
        String querySecret = new AuthCostKeys(kafka()).write(keys);
        Files.createDirectories(state);
        Path keyFile = state.resolve("query.key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, querySecret + "\n");
        fillIndex();
    }

    /** The first --limit SciFact documents, chunked and embedded, into rag-chunks (created as the services create it). */
    private void fillIndex() throws Exception {
        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(
                Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl")),
                Integer.parseInt(opts.getOrDefault("limit", "1000")));
        List<String> texts = new ArrayList<>();
        List<DocumentEvent> events = SciFactChunks.documentEvents(docs, COLLECTION, texts);
        long t0 = System.nanoTime();
        List<float[]> vectors;
        try (OnnxEmbedder embedder = new OnnxEmbedder()) {
            vectors = embedder.embed(texts);
        }
        BenchOut.log(
                "%d documents, %d chunks embedded in %.0f s",
                docs.size(), texts.size(), (System.nanoTime() - t0) / 1e9);
        try (RestClient os = openSearch()) {
            ChunkIndex.createIfMissing(os, VectorIndexOptions.DEFAULTS);
            SciFactChunks.indexChunks(os, ChunkIndex.ALIAS, events, vectors);
            os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_refresh"));
            os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_flush"));
        }
        BenchOut.log("rag-chunks filled");
    }

    // ---------------------------------------------------------------- measure

    private void measure() throws Exception {
        AuthCostRequests http = new AuthCostRequests(opts.getOrDefault("query", "http://127.0.0.1:29083"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        int perRound = Integer.parseInt(opts.getOrDefault("requests", "200"));
        int checks = Integer.parseInt(opts.getOrDefault("checks", "20000"));
        String querySecret = Files.readString(state.resolve("query.key")).strip();
        String adminSecret = BenchAuth.adminKey();
        String unknownSecret = ApiKeySecrets.newSecret();
        List<String> questions = questions();
        String loadStart = BenchOut.loadAverage();

        // The same keys as the service, read back from rag.keys into the real KeyRing.
        KeyRing ring = new AuthCostKeys(kafka()).ring(adminSecret);
        int ringSize = ring.list().size();

        http.awaitSearchable(querySecret, questions.get(0));
        Kind[] kinds = {
            new Kind("search_query_key", 200),
            new Kind("search_admin_key", 200),
            new Kind("unknown_key_401", 401),
            new Kind("no_header_401", 401),
            new Kind("health_live", 200)
        };
        String[] secrets = {querySecret, adminSecret, unknownSecret, null, null};

        // Warm-up: every kind over HTTP, and the in-process check until compiled.
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < kinds.length; k++) http.time(kinds[k], secrets[k], questions.get(i % questions.size()));
        }
        InProcessKeyCheck check = new InProcessKeyCheck(ring, new QueryRateLimit(), "Bearer " + querySecret);
        check.run(300_000, null);

        AuthCostReport report = new AuthCostReport(kinds);
        Random order = new Random(42);
        int q = 0;
        for (int r = 0; r < rounds; r++) {
            Map<String, List<Double>> round = new LinkedHashMap<>();
            for (Kind k : kinds) round.put(k.name(), new ArrayList<>());
            for (int i = 0; i < perRound; i++, q++) {
                String question = questions.get(q % questions.size());
                // each query's five requests in a fresh random order: neither key always goes first (warm caches)
                List<Integer> idx = new ArrayList<>(List.of(0, 1, 2, 3, 4));
                Collections.shuffle(idx, order);
                for (int k : idx) round.get(kinds[k].name()).add(http.time(kinds[k], secrets[k], question));
            }
            List<Double> roundChecks = new ArrayList<>(checks);
            check.run(checks, roundChecks);
            report.addRound(r, rounds, round, roundChecks, InProcessKeyCheck.timerOverhead(checks / 10));
        }

        String json = JsonMapper.shared()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(report.json(loadStart, ringSize, this::chunks, rounds, perRound));
        System.out.println(json);
        if (opts.containsKey("out")) Files.writeString(Path.of(opts.get("out")), json + "\n");
    }

    private List<String> questions() throws Exception {
        Path corpus = Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl"));
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.getParent().resolve("queries-train.jsonl"))) {
            if (!line.isBlank())
                out.add(JsonMapper.shared().readTree(line).get("text").asText());
        }
        return out;
    }

    private long chunks() {
        try (RestClient os = openSearch()) {
            Request r = new Request("POST", "/" + ChunkIndex.ALIAS + "/_count");
            r.setJsonEntity("{\"query\":{\"term\":{\"collection\":\"" + COLLECTION + "\"}}}");
            JsonNode n = JsonMapper.shared()
                    .readTree(os.performRequest(r).getEntity().getContent());
            return n.path("count").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private String kafka() {
        return opts.getOrDefault("kafka", "127.0.0.1:29092");
    }

    private RestClient openSearch() {
        return RestClient.builder(HttpHost.create(opts.getOrDefault("opensearch", "http://127.0.0.1:29200")))
                .build();
    }
}
