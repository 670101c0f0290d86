package io.renvoi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.LoopbackSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Access control across the four services as processes: keys made through ingest-service's admin API reach
 * query-service and link-checker over {@code rag.keys}; every key is tried on every collection and every
 * {@code /api/v1} endpoint (expected status, and no leak of another collection's pages or of whether a
 * collection exists); revocation reaches the other services within seconds; the per-key limits answer 429;
 * bad credentials answer 401/400 problem+json; no secret is ever logged; and a key's ingest of another
 * collection's URL stays in its own collection.
 *
 * <p>Plain {@link HttpClient} here (not RestAssured), so that no default header is added: each request carries
 * exactly the credentials the case names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlIT {
    /** This run's mark: collections and page markers of an earlier run (still in OpenSearch) never count here. */
    private static final String RUN = randomLetters(5);

    private static final String A = "acl-" + RUN + "-a";
    private static final String B = "acl-" + RUN + "-b";
    private static final String TEAM = "acl-" + RUN + "-team-x";
    private static final String TEAM_PREFIX = "acl-" + RUN + "-team-*";
    private static final String NONE = "acl-" + RUN + "-none";
    private static final List<String> COLLECTIONS = List.of(A, B, TEAM, NONE);
    private static final Map<String, Object> GENEROUS =
            Map.of("concurrentJobs", 100, "urlsPerHour", 100_000, "queriesPerSecond", 1000);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SEARCH_TEXT = "lighthouse keeper logbook entry";
    private static final String QUESTION = "What does the lighthouse keeper write in the logbook?";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger throwaways = new AtomicInteger();
    private final Platform platform = new Platform();
    private LoopbackSite site;
    private LoopbackSite slowSite;
    private ServiceProcess ingest;
    private ServiceProcess embed;
    private ServiceProcess query;
    private ServiceProcess links;

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, Page> pages = new LinkedHashMap<>(); // collection -> its page
    private final Map<String, String> jobs = new LinkedHashMap<>(); // collection -> a job the admin made there
    private final Set<String> secrets = new LinkedHashSet<>(); // every key secret made in this class
    private String revokedSecret;

    // ---------------------------------------------------------------------------------------------- set-up

    @BeforeAll
    void startPlatform() throws Exception {
        site = platform.add(LoopbackSite.start());
        slowSite = platform.add(LoopbackSite.on("127.0.0.2"));
        Map<String, String> common = platform.startTritonLocal("127.0.0.0/8");
        Map<String, String> checker = new HashMap<>(common);
        checker.putAll(Map.of("renvoi.links.scan-every", "off", "renvoi.links.host-delay", "0s"));
        ingest = platform.start("ingest-service", common);
        embed = platform.start("embed-service", common);
        query = platform.start("query-service", common);
        links = platform.start("link-checker", checker);
        platform.awaitReady(Duration.ofSeconds(120));

        keys.put("admin", new Key("admin", "admin", E2eKeys.ADMIN, Set.of("admin"), List.of()));
        secrets.add(E2eKeys.ADMIN);
        createKey("A", List.of(A), List.of("ingest", "query"), GENEROUS);
        createKey("B", List.of(B), List.of("ingest", "query"), GENEROUS);
        createKey("P", List.of(TEAM_PREFIX), List.of("query"), GENEROUS);
        createKey("Q", List.of(A), List.of("query"), GENEROUS);
        createKey("I", List.of(A), List.of("ingest"), GENEROUS);

        page(A, "/acl/alpha.html", "Alpha harbour register " + RUN, "quillomantic" + RUN);
        page(B, "/acl/bravo.html", "Bravo harbour register " + RUN, "brambleflux" + RUN);
        page(TEAM, "/acl/teamx.html", "Teamx harbour register " + RUN, "zephyrocket" + RUN);
        for (Page p : pages.values()) {
            Resp r = send(
                    "POST",
                    ingest.url("/api/v1/documents"),
                    E2eKeys.ADMIN,
                    json(Map.of("url", p.url, "collection", p.collection)));
            assertThat(r.status).as(r.body).isEqualTo(202);
            jobs.put(p.collection, r.json().path("jobId").asText());
        }
        Resp none = send(
                "POST",
                ingest.url("/api/v1/documents"),
                E2eKeys.ADMIN,
                json(Map.of("url", throwaway(), "collection", NONE)));
        assertThat(none.status).as(none.body).isEqualTo(202);
        jobs.put(NONE, none.json().path("jobId").asText());

        // searchable in its collection, and registered by the link-checker
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pages.values().stream()
                        .allMatch(p -> searchDocIds(E2eKeys.ADMIN, p.collection).contains(p.docId)
                                && send("GET", links.url("/api/v1/links/" + p.docId), E2eKeys.ADMIN, null).status
                                        == 200));
        // every key known to every service before the matrix starts
        for (Key k : keys.values()) {
            awaitKnown(k.secret);
        }
    }

    @AfterAll
    void stopPlatform() throws Exception {
        platform.close();
    }

    // ---------------------------------------------------------------------------------------------- b. the matrix

    @Test
    @Order(1)
    void everyKeyOnEveryCollectionAndEndpoint() {
        Matrix m = new Matrix();
        String foreignHost = "127.0.0.1:" + URI.create(site.url("/")).getPort();
        for (Key k : keys.values()) {
            for (String c : COLLECTIONS) {
                Page p = pages.get(c);
                String docId = p != null
                        ? p.docId
                        : DocumentIds.docId(c, UrlNormalizer.normalize(site.url("/never-ingested.html")));
                String t1 = throwaway();
                String t2 = throwaway();
                String t3 = throwaway();
                String sitemap = site.url("/no-sitemap-" + throwaways.incrementAndGet() + ".xml");
                for (IngestCall i : List.of(
                        new IngestCall(
                                "POST documents",
                                "POST",
                                "/api/v1/documents",
                                json(Map.of("url", t1, "collection", c)),
                                t1),
                        new IngestCall(
                                "DELETE documents",
                                "DELETE",
                                "/api/v1/documents?url=" + enc(t2) + "&collection=" + enc(c),
                                null,
                                t2),
                        new IngestCall(
                                "POST ingest-jobs urls",
                                "POST",
                                "/api/v1/ingest-jobs",
                                json(Map.of("collection", c, "urls", List.of(t3))),
                                t3),
                        new IngestCall(
                                "POST ingest-jobs sitemap",
                                "POST",
                                "/api/v1/ingest-jobs",
                                json(Map.of("collection", c, "sitemap", sitemap)),
                                sitemap))) {
                    m.check(
                            k,
                            i.endpoint,
                            c,
                            c,
                            ingestExpected(k, c, 202),
                            send(i.method, ingest.url(i.path), k.secret, i.body),
                            i.sent);
                }
                String job = jobs.get(c);
                m.checkById(
                        k,
                        "GET ingest-jobs/{id}",
                        c,
                        job,
                        byIdExpected(k, "ingest", c, true),
                        send("GET", ingest.url("/api/v1/ingest-jobs/" + job), k.secret, null),
                        job);

                Map<String, Map<String, Object>> searches = new LinkedHashMap<>(); // endpoint -> request body
                searches.put("POST search collection", Map.of("query", SEARCH_TEXT, "collection", c, "k", 20));
                searches.put(
                        "POST search collections[]", Map.of("query", SEARCH_TEXT, "collections", List.of(c), "k", 20));
                if (!k.admin() && !k.mayUse(c)) {
                    // a permitted collection and this one together: all or nothing
                    List<String> both = List.of(k.collections.get(0).replace("*", "x"), c);
                    searches.put(
                            "POST search collections[own,c]",
                            Map.of("query", SEARCH_TEXT, "collections", both, "k", 20));
                }
                searches.forEach((endpoint, body) -> m.check(
                        k,
                        endpoint,
                        c,
                        c,
                        queryExpected(k, c, 200),
                        send("POST", query.url("/api/v1/search"), k.secret, json(body))));
                for (String accept : List.of("application/json", "text/plain", "text/event-stream")) {
                    m.check(
                            k,
                            "POST query " + accept,
                            c,
                            c,
                            queryExpected(k, c, 200),
                            send(
                                    "POST",
                                    query.url("/api/v1/query"),
                                    k.secret,
                                    json(Map.of("question", QUESTION, "collection", c)),
                                    accept));
                }

                m.check(
                        k,
                        "GET links?collection",
                        c,
                        c,
                        ingestExpected(k, c, 200),
                        send("GET", links.url("/api/v1/links?collection=" + enc(c)), k.secret, null));
                m.checkById(
                        k,
                        "GET links/{docId}",
                        c,
                        docId,
                        byIdExpected(k, "ingest", c, p != null),
                        send("GET", links.url("/api/v1/links/" + docId), k.secret, null),
                        docId);
                m.checkById(
                        k,
                        "POST links/{docId}/check",
                        c,
                        docId,
                        byIdExpected(k, "ingest", c, p != null),
                        send("POST", links.url("/api/v1/links/" + docId + "/check"), k.secret, null),
                        docId);
            }
            // the baselines for "exists elsewhere" against "does not exist at all"
            String randomJob = UUID.randomUUID().toString();
            m.baseline(
                    k,
                    "GET ingest-jobs/{id}",
                    randomJob,
                    send("GET", ingest.url("/api/v1/ingest-jobs/" + randomJob), k.secret, null));

            // endpoints without a collection
            Resp list = send("GET", links.url("/api/v1/links"), k.secret, null);
            m.check(k, "GET links", null, null, ingestExpected(k, null, 200), list);
            Resp stats = send("GET", links.url("/api/v1/links/stats"), k.secret, null);
            m.check(k, "GET links/stats", null, null, ingestExpected(k, null, 200), stats);
            if (list.status == 200 && stats.status == 200) m.listingOnlyOwn(k, list, stats);
            String someId = keys.get("A").id;
            for (AdminOnly a : List.of(
                    new AdminOnly("GET", "links/held", links.url("/api/v1/links/held"), 200),
                    new AdminOnly(
                            "POST",
                            "links/held/{host}/release",
                            links.url("/api/v1/links/held/" + foreignHost + "/release"),
                            404),
                    new AdminOnly(
                            "POST",
                            "links/held/{host}/discard",
                            links.url("/api/v1/links/held/" + foreignHost + "/discard"),
                            404),
                    new AdminOnly("GET", "keys", ingest.url("/api/v1/keys"), 200),
                    new AdminOnly("GET", "keys/{id}", ingest.url("/api/v1/keys/" + someId), 200))) {
                m.check(
                        k,
                        a.method + " " + a.endpoint,
                        null,
                        null,
                        k.admin() ? a.adminStatus : 403,
                        send(a.method, a.url, k.secret, null));
            }
            for (String c : COLLECTIONS) {
                Resp created = send(
                        "POST",
                        ingest.url("/api/v1/keys"),
                        k.secret,
                        json(Map.of(
                                "name",
                                "matrix-" + k.name + "-" + c,
                                "collections",
                                List.of(c),
                                "scopes",
                                List.of("query"))));
                m.check(k, "POST keys", c, null, k.admin() ? 201 : 403, created);
                if (created.status == 201)
                    secrets.add(created.json().path("key").asText());
            }
            // a throwaway key to revoke: made by the admin, revoked (or not) by this key
            Resp victim = send(
                    "POST",
                    ingest.url("/api/v1/keys"),
                    E2eKeys.ADMIN,
                    json(Map.of("name", "victim-" + k.name, "collections", List.of(A), "scopes", List.of("query"))));
            secrets.add(victim.json().path("key").asText());
            String victimId = victim.json().path("id").asText();
            m.check(
                    k,
                    "DELETE keys/{id}",
                    null,
                    null,
                    k.admin() ? 204 : 403,
                    send("DELETE", ingest.url("/api/v1/keys/" + victimId), k.secret, null));
            if (!k.admin()) {
                assertThat(send("GET", ingest.url("/api/v1/keys/" + victimId), E2eKeys.ADMIN, null).status)
                        .as("a non-admin's DELETE must leave the key")
                        .isEqualTo(200);
            }
        }
        m.compareExistence();
        // the detector itself: the admin's search of acl-b, had key A received it, is a leak it must see
        Matrix probe = new Matrix();
        probe.scanForLeaks(
                keys.get("A"),
                "self-test",
                send(
                        "POST",
                        query.url("/api/v1/search"),
                        E2eKeys.ADMIN,
                        json(Map.of("query", SEARCH_TEXT, "collection", B, "k", 20))));
        assertThat(probe.leaks)
                .as("the leak detector sees acl-b's page in an answer to A")
                .isNotEmpty();
        System.out.println("ACCESS MATRIX: " + m.cases + " cases, " + m.leaks.size() + " leaks, " + m.wrong.size()
                + " unexpected statuses");
        m.leaks.forEach(l -> System.out.println("  LEAK " + l));
        m.wrong.forEach(w -> System.out.println("  WRONG " + w));
        assertThat(m.leaks).as("leaks").isEmpty();
        assertThat(m.wrong).as("unexpected statuses").isEmpty();
    }

    /** Status for an ingest-scoped endpoint naming collection {@code c} (null: names none). */
    private static int ingestExpected(Key k, String c, int ok) {
        if (!k.admin() && !k.scopes.contains("ingest")) return 403;
        if (c != null && !k.mayUse(c)) return 403;
        return ok;
    }

    private static int queryExpected(Key k, String c, int ok) {
        if (!k.admin() && !k.scopes.contains("query")) return 403;
        if (!k.mayUse(c)) return 403;
        return ok;
    }

    /** A by-id read: 403 without the scope, 404 for another collection's entry (it reads as no entry) or none. */
    private static int byIdExpected(Key k, String scope, String c, boolean exists) {
        if (!k.admin() && !k.scopes.contains(scope)) return 403;
        return k.mayUse(c) && exists ? 200 : 404;
    }

    /** Counts cases, wrong statuses and leaks. */
    private final class Matrix {
        int cases;
        final List<String> wrong = new ArrayList<>();
        final List<String> leaks = new ArrayList<>();
        /** key|endpoint -> target -> normalised denial (status, content type, body with the target replaced). */
        final Map<String, Map<String, String>> denials = new LinkedHashMap<>();

        final Map<String, String> baselines = new LinkedHashMap<>();

        void check(Key k, String endpoint, String c, String nameInRequest, int expected, Resp r, String... sentValues) {
            cases++;
            String label = k.name + " " + endpoint + (c == null ? "" : " [" + c + "]");
            if (r.status != expected) {
                wrong.add(label + ": expected " + expected + ", got " + r.status + " " + shorten(r.body));
            }
            if (r.status >= 400 && !r.contentType().startsWith(PROBLEM_JSON)) {
                wrong.add(label + ": " + r.status + " with Content-Type " + r.contentType() + " instead of "
                        + PROBLEM_JSON);
            }
            scanForLeaks(k, label, r, sentValues);
            if (r.status >= 400 && nameInRequest != null && !k.mayUse(nameInRequest)) {
                record(k, endpoint, nameInRequest, r, nameInRequest);
            }
        }

        void checkById(Key k, String endpoint, String c, String id, int expected, Resp r, String id0) {
            check(k, endpoint, c, null, expected, r, id0);
            if (r.status >= 400 && !k.mayUse(c)) record(k, endpoint, c + "/" + id, r, id, c);
        }

        void baseline(Key k, String endpoint, String id, Resp r) {
            cases++;
            scanForLeaks(k, k.name + " " + endpoint + " [nonexistent]", r, id);
            baselines.put(k.name + "|" + endpoint, normalise(r, id));
        }

        private void record(Key k, String endpoint, String target, Resp r, String... names) {
            denials.computeIfAbsent(k.name + "|" + endpoint, x -> new LinkedHashMap<>())
                    .put(target, normalise(r, names));
        }

        private String normalise(Resp r, String... names) {
            String body = r.body;
            for (String n : names) {
                if (n != null) body = body.replace(n, "{name}");
            }
            return r.status + " " + r.contentType() + " " + body;
        }

        /** A denial for an existing foreign collection (or entry) must read exactly as one for nothing at all. */
        void compareExistence() {
            denials.forEach((group, byTarget) -> {
                String base = baselines.get(group);
                if (base == null) base = byTarget.get(NONE);
                if (base == null)
                    base = byTarget.entrySet().stream()
                            .filter(e -> e.getKey().startsWith(NONE + "/"))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(null);
                if (base == null) return;
                for (Map.Entry<String, String> e : byTarget.entrySet()) {
                    cases++;
                    if (!e.getValue().equals(base)) {
                        leaks.add(group + " [" + e.getKey() + "]: existence difference:\n      " + shorten(e.getValue())
                                + "\n   vs " + shorten(base));
                    }
                }
            });
        }

        /** A leak: anything of a page this key may not read, unless the request itself carried it. */
        void scanForLeaks(Key k, String label, Resp r, String... sentValues) {
            String text = r.body + " " + r.headers.map();
            for (Page p : pages.values()) {
                if (k.mayUse(p.collection)) continue;
                for (String marker : p.markers()) {
                    boolean sent = false;
                    for (String v : sentValues) {
                        if (v != null && v.contains(marker)) sent = true;
                    }
                    if (!sent && text.contains(marker)) {
                        leaks.add(
                                label + ": answer holds '" + marker + "' of " + p.collection + ": " + shorten(r.body));
                    }
                }
            }
        }

        /** The link listing and statistics hold the key's collections only, and agree with each other. */
        void listingOnlyOwn(Key k, Resp list, Resp stats) {
            cases++;
            long listed = 0;
            for (JsonNode e : list.json().path("entries")) {
                listed++;
                String c = e.path("collection").asText();
                if (!k.mayUse(c))
                    leaks.add(k.name + " GET links: lists an entry of " + c + " ("
                            + e.path("url").asText() + ")");
            }
            long counted = 0;
            for (JsonNode n : stats.json().path("byStatus")) counted += n.asLong();
            if (!k.admin() && counted != listed) {
                leaks.add(k.name + " GET links/stats: counts " + counted + " entries but the listing shows " + listed
                        + ": " + shorten(stats.body));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- c. revocation

    @Test
    @Order(2)
    void aRevokedKeyStopsWorkingEverywhereWithinSeconds() throws Exception {
        Key r = createKey("R", List.of(A), List.of("ingest", "query"), GENEROUS);
        awaitKnown(r.secret);
        long start = System.nanoTime();
        Resp revoke = send("DELETE", ingest.url("/api/v1/keys/" + r.id), E2eKeys.ADMIN, null);
        long answered = System.nanoTime();
        assertThat(revoke.status).as(revoke.body).isEqualTo(204);
        assertThat(send("GET", ingest.url("/api/v1/ingest-jobs/" + jobs.get(A)), r.secret, null).status)
                .as("ingest-service, at once")
                .isEqualTo(401);
        CompletableFuture<Long> q = CompletableFuture.supplyAsync(() -> until401(
                start,
                () -> send(
                        "POST",
                        query.url("/api/v1/search"),
                        r.secret,
                        json(Map.of("query", SEARCH_TEXT, "collection", A)))));
        CompletableFuture<Long> l = CompletableFuture.supplyAsync(
                () -> until401(start, () -> send("GET", links.url("/api/v1/links"), r.secret, null)));
        long queryMs = q.get();
        long linksMs = l.get();
        System.out.printf(
                "REVOCATION: DELETE answered in %d ms; query-service 401 after %d ms, link-checker 401 after %d ms%n",
                (answered - start) / 1_000_000, queryMs, linksMs);
        revokedSecret = r.secret;
        assertThat(queryMs).as("query-service").isLessThan(5000);
        assertThat(linksMs).as("link-checker").isLessThan(5000);
    }

    /** 429 as problem+json, with a Retry-After header. */
    private static void assertTooManyRequests(Resp r) {
        assertThat(r.status).as(r.body).isEqualTo(429);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.headers.firstValue("Retry-After")).isPresent();
    }

    private static long until401(long start, java.util.function.Supplier<Resp> call) {
        while (System.nanoTime() - start < 15_000_000_000L) {
            Resp r = call.get();
            if (r.status == 401) return (System.nanoTime() - start) / 1_000_000;
            if (r.status != 200) throw new AssertionError("revoked key got " + r.status + " " + r.body);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------------------------------------- d. limits

    @Test
    @Order(3)
    void aKeyOverItsLimitsGets429WithRetryAfter() throws Exception {
        Key slowQueries = createKey("L-qps", List.of(A), List.of("query"), Map.of("queriesPerSecond", 2));
        Key oneJob =
                createKey("L-jobs", List.of(A), List.of("ingest"), Map.of("concurrentJobs", 1, "urlsPerHour", 1000));
        Key fewUrls =
                createKey("L-urls", List.of(A), List.of("ingest"), Map.of("urlsPerHour", 3, "concurrentJobs", 100));
        for (Key k : List.of(slowQueries, oneJob, fewUrls)) awaitKnown(k.secret);

        List<Resp> answers = sendAtOnce(
                10,
                i -> request(
                        "POST",
                        query.url("/api/v1/search"),
                        slowQueries.secret,
                        json(Map.of("query", SEARCH_TEXT, "collection", A)),
                        "application/json"));
        List<Resp> limited = answers.stream().filter(x -> x.status == 429).toList();
        System.out.println("LIMITS: 10 searches at once with queriesPerSecond 2: "
                + answers.stream().map(x -> String.valueOf(x.status)).toList());
        assertThat(limited).isNotEmpty();
        assertThat(answers).allMatch(x -> x.status == 200 || x.status == 429);
        for (Resp x : limited) {
            assertThat(x.contentType()).startsWith(PROBLEM_JSON);
            assertThat(x.headers.firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        }

        List<String> slowUrls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slowUrls.add(
                    slowSite.put("/slow/" + i + ".html", "Slow page " + i, "A page served slowly, number " + i + "."));
        }
        slowSite.delay(3000);
        Resp first = submitJobInA(oneJob.secret, slowUrls);
        assertThat(first.status).as(first.body).isEqualTo(202);
        Resp second = submitJobInA(oneJob.secret, List.of(throwaway()));
        JsonNode firstStatus = send(
                        "GET",
                        ingest.url("/api/v1/ingest-jobs/"
                                + first.json().path("jobId").asText()),
                        oneJob.secret,
                        null)
                .json();
        System.out.println("LIMITS: concurrentJobs 1, second job while the first runs (" + firstStatus + "): "
                + second.status + " " + second.body + " Retry-After "
                + second.headers.firstValue("Retry-After").orElse("-"));
        assertThat(firstStatus.path("done").asBoolean())
                .as("the first job is still running")
                .isFalse();
        assertTooManyRequests(second);

        List<String> four = List.of(throwaway(), throwaway(), throwaway(), throwaway());
        Resp tooMany = submitJobInA(fewUrls.secret, four);
        System.out.println("LIMITS: urlsPerHour 3, a 4-URL job: " + tooMany.status + " " + tooMany.body
                + " Retry-After " + tooMany.headers.firstValue("Retry-After").orElse("-"));
        assertTooManyRequests(tooMany);
        slowSite.delay(0);
    }

    // ---------------------------------------------------------------------------------------------- e. bad credentials

    @Test
    @Order(4)
    void badCredentialsGet401OrBadRequestAsProblemJson() {
        assertThat(revokedSecret).as("runs after the revocation test").isNotNull();
        String unknown = ApiKeySecrets.newSecret();
        String admin = E2eKeys.ADMIN;
        String validA = keys.get("A").secret;
        Map<String, List<String>> headerCases = new LinkedHashMap<>();
        headerCases.put("missing header", List.of());
        headerCases.put("Bearer with empty value", List.of("Bearer "));
        headerCases.put("Bearer without value", List.of("Bearer"));
        headerCases.put("malformed: spaces", List.of("Bearer rvk_x y"));
        headerCases.put(
                "malformed: spaces in a long key",
                List.of("Bearer " + validA.substring(0, 20) + " " + validA.substring(20)));
        headerCases.put("malformed: non-base64 characters", List.of("Bearer rvk_ab$cd%ef!gh@ij#kl^mn&op*qr"));
        headerCases.put("malformed: quotes", List.of("Bearer \"" + validA + "\""));
        headerCases.put("unknown well-formed key", List.of("Bearer " + unknown));
        headerCases.put("revoked key", List.of("Bearer " + revokedSecret));
        headerCases.put("over-long key (10000 chars)", List.of("Bearer rvk_" + "A".repeat(10_000 - 4)));
        headerCases.put(
                "Basic scheme",
                List.of("Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(("x:" + admin).getBytes(StandardCharsets.UTF_8))));
        headerCases.put("Token scheme", List.of("Token " + admin));
        headerCases.put("key without scheme", List.of(admin));
        headerCases.put("two Authorization headers (valid + valid)", List.of("Bearer " + admin, "Bearer " + validA));
        headerCases.put("two Authorization headers (unknown + valid)", List.of("Bearer " + unknown, "Bearer " + admin));

        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (ServiceProcess s : List.of(ingest, query, links)) {
            String path = endpointOf(s);
            for (Map.Entry<String, List<String>> c : headerCases.entrySet()) {
                n++;
                Resp r = sendHeaders(s, path, c.getValue(), "");
                String problem = badCredentialProblem(r, 401, c.getValue());
                if (problem != null) wrong.add(s.name() + " " + c.getKey() + ": " + problem);
            }
            for (Map.Entry<String, String> q : Map.of(
                            "?access_token=<admin key>",
                            "access_token=" + admin,
                            "?api_key=<valid key>",
                            "api_key=" + validA,
                            "?api_key=<valid key> with a valid header",
                            "api_key=" + validA,
                            "?q=<admin key> (a key in any parameter)",
                            "q=" + admin)
                    .entrySet()) {
                n++;
                List<String> headers = q.getKey().contains("header") ? List.of("Bearer " + admin) : List.of();
                Resp r = sendHeaders(s, path, headers, q.getValue());
                String problem = badCredentialProblem(r, 400, List.of(admin, validA));
                if (problem != null) wrong.add(s.name() + " " + q.getKey() + ": " + problem);
            }
        }
        for (ServiceProcess s : platform.services()) {
            n++;
            Resp health = send("GET", s.url("/q/health/ready"), null, null);
            if (health.status != 200) wrong.add(s.name() + " /q/health/ready without a key: " + health.status);
        }
        System.out.println("BAD CREDENTIALS: " + n + " cases, " + wrong.size() + " wrong");
        wrong.forEach(w -> System.out.println("  WRONG " + w));
        assertThat(wrong).isEmpty();
    }

    private String endpointOf(ServiceProcess s) {
        if (s == ingest) return "/api/v1/ingest-jobs/" + jobs.get(A);
        if (s == links) return "/api/v1/links";
        return "/api/v1/search";
    }

    private Resp sendHeaders(ServiceProcess s, String path, List<String> authorization, String queryString) {
        String url = s.url(path) + (queryString.isEmpty() ? "" : "?" + queryString);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (String a : authorization) b.header("Authorization", a);
        if (s == query) {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("query", SEARCH_TEXT, "collection", A))));
        } else {
            b.GET();
        }
        try {
            return new Resp(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String badCredentialProblem(Resp r, int expected, List<String> sent) {
        if (r.status != expected) return "expected " + expected + ", got " + r.status + " " + shorten(r.body);
        if (!r.contentType().startsWith(PROBLEM_JSON)) return "Content-Type " + r.contentType();
        if (expected == 401) {
            Optional<String> challenge = r.headers.firstValue("WWW-Authenticate");
            if (challenge.isEmpty() || !challenge.get().startsWith("Bearer")) return "WWW-Authenticate " + challenge;
        }
        for (String v : sent) {
            String secret = v.startsWith("Bearer ") ? v.substring(7) : v;
            if (secret.length() >= 8 && r.body.contains(secret))
                return "the answer echoes the credential: " + shorten(r.body);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- g. the Kafka path

    @Test
    @Order(5)
    void aKeyIngestingAnotherCollectionsUrlGetsItsOwnCopyOnly() {
        Key a = keys.get("A");
        Page bravo = pages.get(B);
        String ownCopy = DocumentIds.docId(A, bravo.url);
        Resp r = send(
                "POST", ingest.url("/api/v1/documents"), a.secret, json(Map.of("url", bravo.url, "collection", A)));
        assertThat(r.status).as(r.body).isEqualTo(202);
        assertThat(r.json().path("docId").asText()).isEqualTo(ownCopy);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> searchDocIds(a.secret, A).contains(ownCopy));

        Set<String> bravoIds = searchDocIds(E2eKeys.ADMIN, B);
        assertThat(bravoIds).as("acl-b keeps its own document").contains(bravo.docId);
        for (String q : List.of(SEARCH_TEXT, bravo.word, bravo.title)) {
            Resp s = send(
                    "POST", query.url("/api/v1/search"), a.secret, json(Map.of("query", q, "collection", A, "k", 50)));
            assertThat(s.status).isEqualTo(200);
            for (JsonNode h : s.json().path("hits")) {
                assertThat(bravoIds)
                        .as("a hit of acl-a that is acl-b's document")
                        .doesNotContain(h.path("docId").asText());
            }
            Resp many = send(
                    "POST",
                    query.url("/api/v1/search"),
                    a.secret,
                    json(Map.of("query", q, "collections", List.of(A, B))));
            assertThat(many.status).isEqualTo(403);
        }
        Resp inB =
                send("POST", query.url("/api/v1/search"), a.secret, json(Map.of("query", bravo.word, "collection", B)));
        assertThat(inB.status).isEqualTo(403);
        Resp answer = send(
                "POST",
                query.url("/api/v1/query"),
                a.secret,
                json(Map.of("question", "What is " + bravo.word + "?", "collection", A)));
        assertThat(answer.status).as(answer.body).isEqualTo(200);
        for (JsonNode c : answer.json().path("citations")) {
            assertThat(bravoIds).doesNotContain(c.path("docId").asText());
        }
        // the link-checker keeps the two copies apart: A sees its own, never acl-b's
        await().atMost(Duration.ofSeconds(30))
                .until(() -> send("GET", links.url("/api/v1/links/" + ownCopy), a.secret, null).status == 200);
        assertThat(send("GET", links.url("/api/v1/links/" + bravo.docId), a.secret, null).status)
                .isEqualTo(404);
        assertThat(send("GET", links.url("/api/v1/links/" + bravo.docId), E2eKeys.ADMIN, null)
                        .json()
                        .path("collection")
                        .asText())
                .isEqualTo(B);
        System.out.println("KAFKA PATH: A's copy of acl-b's URL is " + ownCopy + " in acl-a; acl-b's document "
                + bravo.docId + " unchanged");
    }

    // ---------------------------------------------------------------------------------------------- limits: known bugs

    @Test
    @Order(6)
    void concurrentJobsHoldsForSimultaneousSubmissions() {
        Key k = createKey("L-race", List.of(A), List.of("ingest"), Map.of("concurrentJobs", 1, "urlsPerHour", 1000));
        awaitKnown(k.secret);
        slowSite.put("/race.html", "Race page", "A page served slowly.");
        slowSite.delay(3000);
        try {
            List<Integer> statuses = sendAtOnce(
                            10,
                            i -> request(
                                    "POST",
                                    ingest.url("/api/v1/ingest-jobs"),
                                    k.secret,
                                    json(Map.of("collection", A, "urls", List.of(slowSite.url("/race.html?n=" + i)))),
                                    "application/json"))
                    .stream()
                    .map(r -> r.status)
                    .toList();
            assertThat(statuses.stream().filter(s -> s == 202).count())
                    .as(statuses.toString())
                    .isEqualTo(1);
        } finally {
            slowSite.delay(0);
        }
    }

    @Test
    @Order(7)
    void urlsPerHourHoldsForSitemapJobs() {
        Key k = createKey("L-sitemap", List.of(A), List.of("ingest"), Map.of("urlsPerHour", 3, "concurrentJobs", 100));
        awaitKnown(k.secret);
        StringBuilder xml = new StringBuilder(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (int i = 0; i < 10; i++)
            xml.append("<url><loc>").append(throwaway()).append("</loc></url>");
        String sitemap =
                site.sitemap("/acl-sitemap.xml", xml.append("</urlset>").toString());
        Resp r = send(
                "POST", ingest.url("/api/v1/ingest-jobs"), k.secret, json(Map.of("collection", A, "sitemap", sitemap)));
        if (r.status == 429) return;
        assertThat(r.status).as(r.body).isEqualTo(202);
        String job = r.json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> send("GET", ingest.url("/api/v1/ingest-jobs/" + job), k.secret, null)
                        .json()
                        .path("done")
                        .asBoolean());
        JsonNode status = send("GET", ingest.url("/api/v1/ingest-jobs/" + job), k.secret, null)
                .json();
        assertThat(status.path("error").asText()).as(status.toString()).startsWith("over-limit");
        assertThat(status.path("fetched").asInt())
                .as("nothing of the sitemap was fetched")
                .isZero();
    }

    @Test
    @Order(8)
    void refusedJobsDoNotCountAgainstUrlsPerHour() {
        Key k = createKey("L-refused", List.of(A), List.of("ingest"), Map.of("urlsPerHour", 3, "concurrentJobs", 100));
        awaitKnown(k.secret);
        for (int i = 0; i < 3; i++) {
            Resp bad = submitJobInA(k.secret, List.of("ftp://example.org/x"));
            assertThat(bad.status).as(bad.body).isEqualTo(400);
        }
        Resp ok = submitJobInA(k.secret, List.of(throwaway()));
        assertThat(ok.status).as(ok.body).isEqualTo(202);
    }

    // ---------------------------------------------------------------------------------------------- f. logs

    @Test
    @Order(99)
    void noSecretIsLoggedInClear() throws IOException {
        List<String> found = new ArrayList<>();
        for (ServiceProcess s : platform.services()) {
            String log = Files.readString(s.logFile(), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                if (log.contains(secret)) found.add(s.logFile() + " holds the secret of " + describe(secret));
                // a fragment is as bad: the random part of the key
                String tail = secret.substring(secret.length() - 20);
                if (!log.contains(secret) && log.contains(tail))
                    found.add(s.logFile() + " holds part of the secret of " + describe(secret));
            }
        }
        System.out.println("LOGS: " + platform.services().size() + " service logs, " + secrets.size()
                + " secrets looked for, " + found.size() + " found");
        found.forEach(f -> System.out.println("  FOUND " + f));
        assertThat(found).isEmpty();
    }

    private String describe(String secret) {
        return keys.values().stream()
                .filter(k -> k.secret.equals(secret))
                .map(k -> "key " + k.name)
                .findFirst()
                .orElse("a key made in the matrix");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Key createKey(String name, List<String> collections, List<String> scopes, Map<String, Object> limits) {
        Resp r = send(
                "POST",
                ingest.url("/api/v1/keys"),
                E2eKeys.ADMIN,
                json(Map.of("name", "acl-" + name, "collections", collections, "scopes", scopes, "limits", limits)));
        assertThat(r.status).as(r.body).isEqualTo(201);
        JsonNode body = r.json();
        String secret = body.path("key").asText();
        assertThat(secret).startsWith("rvk_");
        Key k = new Key(name, body.path("id").asText(), secret, Set.copyOf(scopes), collections);
        keys.put(name, k);
        secrets.add(secret);
        return k;
    }

    /** Waits until query-service and link-checker know the key (it reaches them over rag.keys). */
    private void awaitKnown(String secret) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> send("GET", links.url("/api/v1/links/stats"), secret, null).status != 401
                        && send("POST", query.url("/api/v1/search"), secret, "{}").status != 401);
    }

    private void page(String collection, String path, String title, String word) {
        String url = UrlNormalizer.normalize(site.put(
                path,
                title,
                "The lighthouse keeper writes every logbook entry by hand; this register is about " + word + ".",
                "Each logbook entry of the " + word + " station records the weather, the ships and the lamp."));
        pages.put(collection, new Page(collection, url, DocumentIds.docId(collection, url), title, word));
    }

    private String throwaway() {
        return site.url("/throwaway/" + throwaways.incrementAndGet() + ".html");
    }

    private Set<String> searchDocIds(String key, String collection) {
        Resp r = send(
                "POST",
                query.url("/api/v1/search"),
                key,
                json(Map.of("query", SEARCH_TEXT, "collection", collection, "k", 50)));
        Set<String> ids = new LinkedHashSet<>();
        if (r.status == 200)
            r.json().path("hits").forEach(h -> ids.add(h.path("docId").asText()));
        return ids;
    }

    private Resp send(String method, String url, String key, String body) {
        return send(method, url, key, body, "application/json");
    }

    private Resp send(String method, String url, String key, String body, String accept) {
        try {
            return new Resp(http.send(request(method, url, key, body, accept), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST /api/v1/ingest-jobs with {@code key}: a job for {@code urls} in acl-a. */
    private Resp submitJobInA(String key, List<String> urls) {
        return send("POST", ingest.url("/api/v1/ingest-jobs"), key, json(Map.of("collection", A, "urls", urls)));
    }

    /** Sends {@code n} requests at once (the i-th made by {@code request}) and waits for all their answers. */
    private List<Resp> sendAtOnce(int n, java.util.function.IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            burst.add(http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString()));
        }
        return burst.stream().map(f -> new Resp(f.join())).toList();
    }

    private static HttpRequest request(String method, String url, String key, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", accept);
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return b.build();
    }

    private static String json(Object value) {
        try {
            return JsonMapper.shared().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomLetters(int n) {
        StringBuilder sb = new StringBuilder();
        java.util.Random random = new java.security.SecureRandom();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private record Key(String name, String id, String secret, Set<String> scopes, List<String> collections) {
        boolean admin() {
            return scopes.contains("admin");
        }

        boolean mayUse(String c) {
            if (admin()) return true;
            for (String p : collections) {
                if (p.endsWith("*") ? c.startsWith(p.substring(0, p.length() - 1)) : c.equals(p)) return true;
            }
            return false;
        }
    }

    /**
     * An ingest-service call that names a collection: {@code method} on {@code path} with {@code body} (null: none),
     * carrying {@code sent}, which the answer may echo without leaking.
     */
    private record IngestCall(String endpoint, String method, String path, String body, String sent) {}

    /** An endpoint only the admin may call: {@code adminStatus} for the admin key, 403 for every other. */
    private record AdminOnly(String method, String endpoint, String url, int adminStatus) {}

    private record Page(String collection, String url, String docId, String title, String word) {
        List<String> markers() {
            return List.of(url, docId, title, word);
        }
    }

    private static final class Resp {
        final int status;
        final String body;
        final java.net.http.HttpHeaders headers;

        Resp(HttpResponse<String> r) {
            status = r.statusCode();
            body = r.body() == null ? "" : r.body();
            headers = r.headers();
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        JsonNode json() {
            try {
                return JsonMapper.shared().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }
}
