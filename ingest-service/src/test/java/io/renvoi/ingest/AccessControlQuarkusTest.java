package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access control as ingest-service enforces it: the admin key API (create, list, revoke), scopes and collections
 * (exact and prefix) on the ingest endpoints, another collection's job reading as no job, the per-key ingest
 * limits (429 with Retry-After), every malformed credential refused with 4xx problem+json, and no secret in the
 * log.
 */
@QuarkusTest
class AccessControlQuarkusTest extends OnMixedSite {
    /** Every log record of the application while this class runs (the JBoss log manager's root logger). */
    private static final List<String> LOG_LINES = new CopyOnWriteArrayList<>();

    private static final List<String> SECRETS = new CopyOnWriteArrayList<>(List.of(TestKeys.ADMIN));
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            LOG_LINES.add(
                    String.valueOf(r.getMessage()) + " " + (r.getParameters() == null ? "" : List.of(r.getParameters()))
                            + " " + (r.getThrown() == null ? "" : r.getThrown().toString()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void capture() {
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void noSecretWasLogged() {
        Logger.getLogger("").removeHandler(CAPTURE);
        assertThat(LOG_LINES).as("log lines captured").isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(LOG_LINES).noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void anAdminCreatesListsAndRevokesKeysAndTheSecretIsShownOnlyOnce() {
        Response created =
                createKey("{\"name\":\"team a\",\"collections\":[\"acl-x\",\"acl-team-*\"],\"scopes\":[\"ingest\"]}");
        String id = created.jsonPath().getString("id");
        String key = created.jsonPath().getString("key");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(key).matches("rvk_[A-Za-z0-9_-]{43}"); // 256 bits
        assertThat(created.header("Location")).endsWith("/api/v1/keys/" + id);
        assertThat(created.jsonPath().getList("scopes")).containsExactly("ingest");

        String listed =
                given().get("/api/v1/keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains(id).contains("team a").doesNotContain(key).doesNotContain("hash");
        String one = given().get("/api/v1/keys/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(one).contains("acl-team-*").doesNotContain(key).doesNotContain("hash");

        // exact and prefix collections; any other collection is refused with the same words whether it exists or not
        ingest(key, "acl-x", site.base() + "/ok/k1").then().statusCode(202);
        ingest(key, "acl-team-blue", site.base() + "/ok/k2").then().statusCode(202);
        ingest(TestKeys.ADMIN, "acl-other", site.base() + "/ok/k3").then().statusCode(202);
        Response existing = ingest(key, "acl-other", site.base() + "/ok/k4");
        Response missing = ingest(key, "acl-nowhere", site.base() + "/ok/k4");
        existing.then().statusCode(403).contentType("application/problem+json");
        missing.then().statusCode(403).contentType("application/problem+json");
        assertThat(existing.asString().replace("acl-other", "C"))
                .isEqualTo(missing.asString().replace("acl-nowhere", "C"));
        given().header("Authorization", TestKeys.bearer(key))
                .delete("/api/v1/documents?url=" + site.base() + "/ok/k3&collection=acl-other")
                .then()
                .statusCode(403);

        // an ingest key is no admin
        given().header("Authorization", TestKeys.bearer(key))
                .get("/api/v1/keys")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        given().delete("/api/v1/keys/" + id).then().statusCode(204);
        given().header("Authorization", TestKeys.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("url", site.base() + "/ok/k5", "collection", "acl-x"))
                .post("/api/v1/documents")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer realm=\"renvoi\""))
                .contentType("application/problem+json");
        given().delete("/api/v1/keys/" + id).then().statusCode(404);
        given().get("/api/v1/keys").then().statusCode(200).extract().asString().contains(id);
        assertThat(given().get("/api/v1/keys").asString()).doesNotContain(id);
        given().delete("/api/v1/keys/admin").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aKeyNeedsTheScopeOfTheEndpoint() {
        String query = createKey("{\"name\":\"reader\",\"collections\":[\"acl-x\"],\"scopes\":[\"query\"]}")
                .jsonPath()
                .getString("key");
        Response r = ingest(query, "acl-x", site.base() + "/ok/s1");
        r.then().statusCode(403).contentType("application/problem+json");
        assertThat(r.jsonPath().getString("detail")).contains("'ingest' scope");
        given().header("Authorization", TestKeys.bearer(query))
                .get("/api/v1/ingest-jobs/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(403);
    }

    @Test
    void anotherCollectionsJobReadsAsNoJob() {
        String jobInB = given().contentType(ContentType.JSON)
                .body(Map.of("collection", "acl-b", "urls", List.of(site.base() + "/gone/j1")))
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        String keyA = createKey("{\"name\":\"a\",\"collections\":[\"acl-a\"],\"scopes\":[\"ingest\"]}")
                .jsonPath()
                .getString("key");
        given().get("/api/v1/ingest-jobs/" + jobInB).then().statusCode(200);
        Response foreign =
                given().header("Authorization", TestKeys.bearer(keyA)).get("/api/v1/ingest-jobs/" + jobInB);
        String unknownId = java.util.UUID.randomUUID().toString();
        Response unknown =
                given().header("Authorization", TestKeys.bearer(keyA)).get("/api/v1/ingest-jobs/" + unknownId);
        foreign.then().statusCode(404).contentType("application/problem+json");
        unknown.then().statusCode(404);
        assertThat(foreign.asString().replace(jobInB, "J"))
                .isEqualTo(unknown.asString().replace(unknownId, "J"));
    }

    @Test
    void aKeyOverItsIngestLimitsGets429WithRetryAfter() {
        String few = createKey("{\"name\":\"few urls\",\"collections\":[\"acl-l\"],\"scopes\":[\"ingest\"],"
                        + "\"limits\":{\"urlsPerHour\":3,\"concurrentJobs\":100}}")
                .jsonPath()
                .getString("key");
        job(few, List.of(site.base() + "/gone/u1", site.base() + "/gone/u2"))
                .then()
                .statusCode(202);
        Response over = job(few, List.of(site.base() + "/gone/u3", site.base() + "/gone/u4"));
        over.then().statusCode(429).contentType("application/problem+json");
        assertThat(Integer.parseInt(over.header("Retry-After"))).isBetween(1, 3600);
        assertThat(over.jsonPath().getString("detail")).contains("3 URLs per hour");
        job(few, List.of(site.base() + "/gone/u3")).then().statusCode(202); // exactly the rest of the hour's budget

        // a job stays running until embed-service reports its page indexed: none runs here
        String one = createKey("{\"name\":\"one job\",\"collections\":[\"acl-l\"],\"scopes\":[\"ingest\"],"
                        + "\"limits\":{\"concurrentJobs\":1}}")
                .jsonPath()
                .getString("key");
        job(one, List.of(site.base() + "/ok/c1")).then().statusCode(202);
        Response second = job(one, List.of(site.base() + "/ok/c2"));
        second.then().statusCode(429).contentType("application/problem+json");
        assertThat(second.header("Retry-After")).isNotBlank();
        job(TestKeys.ADMIN, List.of(site.base() + "/ok/c3")).then().statusCode(202); // admin keys are not limited
    }

    @Test
    void everyMalformedOrMisplacedCredentialIsRefusedWithProblemJson() throws Exception {
        String valid = createKey("{\"name\":\"v\",\"collections\":[\"acl-x\"],\"scopes\":[\"ingest\"]}")
                .jsonPath()
                .getString("key");
        String revokedId;
        String revoked;
        {
            Response r = createKey("{\"name\":\"r\",\"collections\":[\"acl-x\"],\"scopes\":[\"ingest\"]}");
            revokedId = r.jsonPath().getString("id");
            revoked = r.jsonPath().getString("key");
            given().delete("/api/v1/keys/" + revokedId).then().statusCode(204);
        }
        String job = "/api/v1/ingest-jobs/" + java.util.UUID.randomUUID();
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"no header", new String[0], job, 401});
        cases.add(new Object[] {"empty bearer", new String[] {"Bearer "}, job, 401});
        cases.add(new Object[] {"bearer alone", new String[] {"Bearer"}, job, 401});
        cases.add(new Object[] {"space inside", new String[] {"Bearer rvk_abcdefghijkl mnopqrstuvwxyz"}, job, 401});
        cases.add(new Object[] {"not base64", new String[] {"Bearer rvk_abcdefghijklmnop<script>"}, job, 401});
        cases.add(new Object[] {"unknown", new String[] {"Bearer rvk_" + "A".repeat(43)}, job, 401});
        cases.add(new Object[] {"revoked", new String[] {"Bearer " + revoked}, job, 401});
        cases.add(new Object[] {"over-long", new String[] {"Bearer " + "a".repeat(8_000)}, job, 401});
        cases.add(new Object[] {
            "basic",
            new String[] {"Basic " + java.util.Base64.getEncoder().encodeToString(("u:" + valid).getBytes())},
            job,
            401
        });
        cases.add(new Object[] {"token scheme", new String[] {"Token " + valid}, job, 401});
        cases.add(new Object[] {"two headers", new String[] {"Bearer " + valid, "Bearer " + valid}, job, 401});
        cases.add(new Object[] {"key in the query", new String[0], job + "?access_token=" + valid, 400});
        cases.add(new Object[] {"api_key in the query", new String[] {"Bearer " + valid}, job + "?api_key=" + valid, 400
        });
        cases.add(new Object[] {"a key as any parameter", new String[] {"Bearer " + valid}, job + "?q=" + valid, 400});
        for (Object[] c : cases) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base() + c[2])).GET();
            for (String h : (String[]) c[1]) b.header("Authorization", h);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s: %s", c[0], r.body()).isEqualTo(c[3]);
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as((String) c[0])
                    .startsWith("application/problem+json");
            assertThat(r.body()).as((String) c[0]).doesNotContain(valid).doesNotContain(revoked);
            if ((int) c[3] == 401) {
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
                        .as((String) c[0])
                        .startsWith("Bearer realm=\"renvoi\"");
            }
        }
        // a valid key passes the same door; health stays open for probes
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create(base() + job))
                        .header("Authorization", "bearer " + valid)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(404); // no such job: authenticated, scheme case-insensitive
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base() + "/q/health/live"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void keyRequestsAreValidated() {
        for (String bad : List.of(
                "{}",
                "{\"name\":\"x\",\"scopes\":[\"ingest\"]}",
                "{\"name\":\"x\",\"collections\":[\"a\"],\"scopes\":[\"root\"]}",
                "{\"name\":\"x\",\"collections\":[\"Bad Name\"],\"scopes\":[\"query\"]}",
                "{\"name\":\"x\",\"collections\":[\"*\"],\"scopes\":[\"query\"]}",
                "{\"name\":\"\",\"collections\":[\"a\"],\"scopes\":[\"query\"]}",
                "{\"name\":\"x\",\"collections\":[\"a\"],\"scopes\":[\"query\"],\"limits\":{\"queriesPerSecond\":-1}}",
                "[1,2]",
                "not json")) {
            given().contentType(ContentType.JSON)
                    .body(bad)
                    .post("/api/v1/keys")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    private String base() {
        return "http://127.0.0.1:" + root.getPort();
    }

    private static Response createKey(String json) {
        Response r = given().contentType(ContentType.JSON).body(json).post("/api/v1/keys");
        r.then().statusCode(201);
        SECRETS.add(r.jsonPath().getString("key"));
        return r;
    }

    private static Response ingest(String key, String collection, String url) {
        return given().header("Authorization", TestKeys.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("url", url, "collection", collection))
                .post("/api/v1/documents");
    }

    private static Response job(String key, List<String> urls) {
        return given().header("Authorization", TestKeys.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("collection", "acl-l", "urls", urls))
                .post("/api/v1/ingest-jobs");
    }
}
