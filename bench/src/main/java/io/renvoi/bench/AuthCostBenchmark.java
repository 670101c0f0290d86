package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.KeyLimits;
import io.renvoi.common.auth.KeyRing;
import io.renvoi.common.auth.KeyTopicReader;
import io.renvoi.common.auth.QueryRateLimit;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
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
 */
public final class AuthCostBenchmark {
    static final String COLLECTION = "scifact";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Map<String, String> opts;
    private final Path state;

    private AuthCostBenchmark(Map<String, String> opts) {
        this.opts = opts;
        this.state = Path.of(opts.getOrDefault("state", "/tmp/rv-bench-auth"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException("usage: setup|measure --name=value...");
        AuthCostBenchmark b = new AuthCostBenchmark(Options.parse(Arrays.copyOfRange(args, 1, args.length)));
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
        String querySecret = writeKeys(keys);
        Files.createDirectories(state);
        Path keyFile = state.resolve("query.key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, querySecret + "\n");
        fillIndex();
    }

    /**
     * Writes {@code n} key records to rag.keys (the topic created compacted, as KeyTopic creates it) and returns the
     * secret of the benchmark's query key. The others are a mix as an operator's key list might hold: per-tenant
     * collections with and without prefixes, ingest and/or query scopes, own or default limits. Their secrets are
     * thrown away (only hashes are stored, as in production).
     */
    private String writeKeys(int n) throws Exception {
        String kafka = opts.getOrDefault("kafka", "127.0.0.1:29092");
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.KEYS)) {
                admin.createTopics(List.of(new NewTopic(Topics.KEYS, 1, (short) -1)
                                .configs(
                                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        String querySecret = ApiKeySecrets.newSecret();
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                ApiKey key;
                if (i == n / 2) { // the benchmark's key, in the middle of the list
                    key = new ApiKey(
                            ApiKeySecrets.newId(),
                            "bench-auth-query",
                            List.of("tenant-bench-*", COLLECTION),
                            Set.of(Scope.QUERY),
                            new KeyLimits(null, null, 100_000.0),
                            ApiKeySecrets.hash(querySecret),
                            now);
                } else {
                    Set<Scope> scopes = switch (i % 3) {
                        case 0 -> EnumSet.of(Scope.QUERY);
                        case 1 -> EnumSet.of(Scope.INGEST);
                        default -> EnumSet.of(Scope.INGEST, Scope.QUERY);
                    };
                    List<String> collections = i % 4 == 0
                            ? List.of(String.format("tenant-%04d-*", i))
                            : List.of(String.format("tenant-%04d", i), String.format("shared-%02d", i % 50));
                    KeyLimits limits = i % 5 == 0 ? KeyLimits.DEFAULTS_ONLY : new KeyLimits(2, 5_000, 10.0 + i % 40);
                    key = new ApiKey(
                            ApiKeySecrets.newId(),
                            String.format("bench-key-%04d", i),
                            collections,
                            scopes,
                            limits,
                            ApiKeySecrets.hash(ApiKeySecrets.newSecret()),
                            now.plusMillis(i));
                }
                producer.send(new ProducerRecord<>(
                        Topics.KEYS, key.id(), JsonMapper.shared().writeValueAsString(key)));
            }
            producer.flush();
        }
        BenchOut.log("%d API keys written to %s", n, Topics.KEYS);
        return querySecret;
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

    /** One kind of request timed over HTTP. */
    private record Kind(String name, int expectedStatus) {}

    private void measure() throws Exception {
        String base = opts.getOrDefault("query", "http://127.0.0.1:29083");
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        int perRound = Integer.parseInt(opts.getOrDefault("requests", "200"));
        int checks = Integer.parseInt(opts.getOrDefault("checks", "20000"));
        String querySecret = Files.readString(state.resolve("query.key")).strip();
        String adminSecret = BenchAuth.adminKey();
        String unknownSecret = ApiKeySecrets.newSecret();
        List<String> questions = questions();
        String loadStart = BenchOut.loadAverage();

        // The same keys as the service, read back from rag.keys into the real KeyRing.
        KeyRing ring = keyRing(adminSecret);
        int ringSize = ring.list().size();

        awaitSearchable(base, querySecret, questions.get(0));
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
            for (int k = 0; k < kinds.length; k++)
                request(base, kinds[k], secrets[k], questions.get(i % questions.size()));
        }
        KeyCheck check = new KeyCheck(ring, new QueryRateLimit(), "Bearer " + querySecret);
        check.run(300_000, null);

        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (Kind k : kinds) ms.put(k.name(), new ArrayList<>());
        List<Double> checkNs = new ArrayList<>();
        List<Double> timerNs = new ArrayList<>();
        ObjectNode perRoundP50 = JsonMapper.shared().createObjectNode();
        ArrayNode roundSearch = perRoundP50.putArray("search_query_key_ms");
        ArrayNode roundAdmin = perRoundP50.putArray("search_admin_key_ms");
        ArrayNode roundCheck = perRoundP50.putArray("key_check_ns");
        Random order = new Random(42);
        int q = 0;
        for (int r = 0; r < rounds; r++) {
            Map<String, List<Double>> round = new LinkedHashMap<>();
            for (Kind k : kinds) round.put(k.name(), new ArrayList<>());
            for (int i = 0; i < perRound; i++, q++) {
                String question = questions.get(q % questions.size());
                // each query's five requests in a fresh random order: neither key always goes first (warm caches)
                List<Integer> idx = new ArrayList<>(List.of(0, 1, 2, 3, 4));
                java.util.Collections.shuffle(idx, order);
                for (int k : idx) round.get(kinds[k].name()).add(request(base, kinds[k], secrets[k], question));
            }
            List<Double> roundChecks = new ArrayList<>(checks);
            check.run(checks, roundChecks);
            timerNs.addAll(timerOverhead(checks / 10));
            round.forEach((name, v) -> ms.get(name).addAll(v));
            checkNs.addAll(roundChecks);
            roundSearch.add(BenchOut.round(percentile(round.get("search_query_key"), 50), 2));
            roundAdmin.add(BenchOut.round(percentile(round.get("search_admin_key"), 50), 2));
            roundCheck.add(Math.round(percentile(roundChecks, 50)));
            BenchOut.log(
                    "round %d/%d: search p50 %.2f ms (admin key %.2f), 401 %.2f ms, health %.2f ms, key check p50 %.0f ns",
                    r + 1,
                    rounds,
                    percentile(round.get("search_query_key"), 50),
                    percentile(round.get("search_admin_key"), 50),
                    percentile(round.get("unknown_key_401"), 50),
                    percentile(round.get("health_live"), 50),
                    percentile(roundChecks, 50));
        }

        double searchP50 = percentile(ms.get("search_query_key"), 50);
        double checkP50Ns = percentile(checkNs, 50);
        double upperMs = percentile(ms.get("unknown_key_401"), 50) - percentile(ms.get("health_live"), 50);
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("benchmark", "auth-cost");
        out.put("date", Instant.now().toString());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average_at_start", loadStart);
        out.put("load_average_at_end", BenchOut.loadAverage());
        out.put("keys_in_ring", ringSize);
        out.put("collection", COLLECTION);
        out.put("chunks", chunks());
        out.put("rounds", rounds);
        out.put("requests_per_round_per_kind", perRound);
        out.put("search_p50_ms", BenchOut.round(searchP50, 3));
        out.put("key_check_p50_us", BenchOut.round(checkP50Ns / 1000, 3));
        out.put("ratio_key_check_to_search_p50", BenchOut.round(checkP50Ns / 1e6 / searchP50, 6));
        out.put("key_check_percent_of_search_p50", BenchOut.round(100 * checkP50Ns / 1e6 / searchP50, 4));
        out.put("target_ratio", 0.02);
        // p50(401 for an unknown key) - p50(GET /q/health/live): the filter and its problem+json answer against a
        // request that skips it; negative when the health route costs more than the whole 401 (then: no bound).
        out.put("http_filter_upper_bound_ms", BenchOut.round(upperMs, 3));
        out.put("ratio_http_upper_bound_to_search_p50", BenchOut.round(upperMs / searchP50, 4));
        ObjectNode http = out.putObject("http_ms");
        ms.forEach((name, v) -> {
            ObjectNode o = http.putObject(name);
            o.put("samples", v.size());
            o.put("p50", BenchOut.round(percentile(v, 50), 3));
            o.put("p90", BenchOut.round(percentile(v, 90), 3));
            o.put("p99", BenchOut.round(percentile(v, 99), 3));
        });
        out.put(
                "search_query_key_minus_admin_key_p50_ms",
                BenchOut.round(searchP50 - percentile(ms.get("search_admin_key"), 50), 3));
        out.put(
                "unknown_key_minus_no_header_401_p50_ms",
                BenchOut.round(percentile(ms.get("unknown_key_401"), 50) - percentile(ms.get("no_header_401"), 50), 3));
        ObjectNode inProcess = out.putObject("key_check_in_process_ns");
        inProcess.put("samples", checkNs.size());
        inProcess.put("p50", Math.round(checkP50Ns));
        inProcess.put("p90", Math.round(percentile(checkNs, 90)));
        inProcess.put("p99", Math.round(percentile(checkNs, 99)));
        inProcess.put("timer_overhead_p50_included", Math.round(percentile(timerNs, 50)));
        out.set("per_round_p50", perRoundP50);
        String json = JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(json);
        if (opts.containsKey("out")) Files.writeString(Path.of(opts.get("out")), json + "\n");
    }

    /**
     * What BearerAuthFilter and SearchResource do per request for the key, with the real classes: the header
     * parsed, {@link ApiKeySecrets#wellFormed}, {@link KeyRing#find} (SHA-256 + map lookup), the endpoint's scope read
     * from its annotation and checked, {@link QueryRateLimit#admit} and {@link Caller#requireCollection}. Each check is
     * timed on its own with {@link System#nanoTime} (the timer's own cost is included; reported beside it). The
     * checks run back to back, far faster than the key's 100,000 queries per second: a fresh {@link QueryRateLimit}
     * every 50,000 checks (outside the timed part) keeps every check on the admitted path, as over HTTP.
     */
    static final class KeyCheck {
        private final KeyRing ring;
        private QueryRateLimit limiter;
        private final String header;
        private final Method endpoint;
        long sink;

        KeyCheck(KeyRing ring, QueryRateLimit limiter, String header) throws NoSuchMethodException {
            this.ring = ring;
            this.limiter = limiter;
            this.header = header;
            this.endpoint = KeyCheck.class.getDeclaredMethod("searchEndpoint");
        }

        @RequiresScope(Scope.QUERY)
        static void searchEndpoint() {}

        void run(int n, List<Double> times) {
            for (int i = 0; i < n; i++) {
                if (i % 50_000 == 0) limiter = new QueryRateLimit(); // a full bucket (100,000 tokens)
                long t0 = System.nanoTime();
                String h = header;
                if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7))
                    throw new IllegalStateException("bad header");
                String credential = h.substring(7).strip();
                if (!ApiKeySecrets.wellFormed(credential)) throw new IllegalStateException("malformed");
                Optional<Caller> found = ring.find(credential);
                Caller c = found.orElseThrow();
                RequiresScope s = endpoint.getAnnotation(RequiresScope.class);
                Scope needed = s == null ? Scope.ADMIN : s.value();
                if (!c.has(needed) && !c.isAdmin()) throw new IllegalStateException("scope");
                Optional<Duration> wait = needed == Scope.QUERY ? limiter.admit(c) : Optional.empty();
                if (wait.isPresent()) throw new IllegalStateException("rate limited");
                c.requireCollection(COLLECTION);
                long t1 = System.nanoTime();
                sink += c.keyId().length();
                if (times != null) times.add((double) (t1 - t0));
            }
        }
    }

    private static List<Double> timerOverhead(int n) {
        List<Double> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            long t1 = System.nanoTime();
            t.add((double) (t1 - t0));
        }
        return t;
    }

    /** A KeyRing as query-service builds it (admin key from the configuration), holding every key of rag.keys. */
    private KeyRing keyRing(String adminSecret) throws Exception {
        KeyRing ring = new KeyRing(Optional.of(adminSecret), new KeyLimits(4, 10_000, 20.0)); // the shipped defaults
        Map<String, Object> kafka = Map.of("bootstrap.servers", opts.getOrDefault("kafka", "127.0.0.1:29092"));
        try (KeyTopicReader reader = new KeyTopicReader(kafka, ring)) {
            while (!reader.poll(Duration.ofMillis(500))) {
                // reading to the end of rag.keys
            }
        }
        return ring;
    }

    /** Waits until query-service has read the keys and finds chunks: the query key's search answers 200 with hits. */
    private void awaitSearchable(String base, String secret, String question) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r =
                    HTTP.send(searchRequest(base, secret, question), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200
                    && JsonMapper.shared().readTree(r.body()).path("hits").size() > 0) return;
            last = r.statusCode() + " " + r.body();
            Thread.sleep(500);
        }
        throw new IllegalStateException("search with the query key did not answer hits within 3 minutes: " + last);
    }

    private static HttpRequest searchRequest(String base, String secret, String question) {
        ObjectNode body = JsonMapper.shared()
                .createObjectNode()
                .put("query", question)
                .put("collection", COLLECTION)
                .put("k", 10);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/search"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (secret != null) BenchAuth.bearer(b, secret);
        return b.build();
    }

    /** One request of {@code kind}; returns its latency in ms (body read to the end). */
    private static double request(String base, Kind kind, String secret, String question) throws Exception {
        HttpRequest req = kind.name().equals("health_live")
                ? HttpRequest.newBuilder(URI.create(base + "/q/health/live"))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build()
                : searchRequest(base, secret, question);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != kind.expectedStatus()) {
            throw new IllegalStateException(kind.name() + ": expected HTTP " + kind.expectedStatus() + ", got "
                    + r.statusCode() + " " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return ms;
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

    private RestClient openSearch() {
        return RestClient.builder(HttpHost.create(opts.getOrDefault("opensearch", "http://127.0.0.1:29200")))
                .build();
    }

    static double percentile(List<Double> values, double p) {
        return BenchOut.percentile(values, p);
    }
}
