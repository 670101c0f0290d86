package io.renvoi.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.testing.LoopbackSite;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The walking skeleton from URL to cited answer, on the real path: ingest-service, embed-service and
 * query-service as processes on the test Kafka and OpenSearch, triton-local in this JVM, pages served by
 * a local web server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonIT {
    private static final String QUESTION = "Who invented the Fresnel lens and when?";

    private final String collection = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final Platform platform = new Platform();
    private LoopbackSite site;
    private ServiceProcess ingest;
    private ServiceProcess query;

    @BeforeAll
    void startPlatform() throws Exception {
        site = platform.add(LoopbackSite.start());
        Map<String, String> common = platform.startTritonLocal("127.0.0.1/32");
        common.remove("renvoi.fetch.politeness-interval"); // this suite fetches at the shipped politeness
        ingest = platform.start("ingest-service", common);
        platform.start("embed-service", common);
        // No passage cache here: every answer re-reads its sources, so a removed page is seen at once (with the
        // cache, a cached passage is served until its max-age or the link-checker's eviction; AnswerPathQuarkusTest
        // covers that path).
        Map<String, String> uncached = new HashMap<>(common);
        uncached.put("renvoi.query.passage-cache.max-bytes", "0");
        query = platform.start("query-service", uncached);
        platform.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopPlatform() throws Exception {
        platform.close();
    }

    @Test
    void answersFromVerifiedPassagesAndDropsDeletedSources() {
        String lighthouses = site.put(
                "/lighthouses.html",
                "A short history of lighthouses",
                "The Pharos of Alexandria, built in the third century BC, was one of the seven wonders of the ancient world.",
                "Medieval lighthouses burned wood or coal in open fires on top of stone towers.");
        String fresnel = site.put(
                "/fresnel.html",
                "The Fresnel lens",
                "The Fresnel lens was invented by the French physicist Augustin-Jean Fresnel in 1822.",
                "Its concentric rings of glass prisms bend light into a narrow beam visible for more than twenty miles.");
        String tides = site.put(
                "/tides.html",
                "Tides and the Moon",
                "Tides are caused by the gravitational pull of the Moon and the Sun on the oceans.",
                "Spring tides occur at new and full moon, when the Sun and Moon are aligned.");

        for (String url : List.of(lighthouses, fresnel, tides)) {
            given().contentType("application/json")
                    .body(Map.of("url", url, "collection", collection))
                    .when()
                    .post(ingest.url("/api/v1/documents"))
                    .then()
                    .statusCode(202)
                    .body("docId", notNullValue())
                    .body("jobId", notNullValue());
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> searchedUrls("lighthouse lens tides moon").size() == 3);

        JsonPath answer = ask();
        List<String> citedUrls = answer.getList("citations.url");
        assertThat(citedUrls).contains(fresnel);
        assertThat(answer.getString("answer")).contains("1822").containsPattern("\\[\\d+]");
        assertThat(answer.getList("citations.status")).isNotEmpty().containsOnly("verified");
        assertThat(answer.getList("citations.title")).contains("The Fresnel lens");

        // Chunks are references: searchable text, but none stored.
        String docId = given().contentType("application/json")
                .body(Map.of("query", "Fresnel", "collection", collection, "k", 1))
                .post(query.url("/api/v1/search"))
                .then()
                .statusCode(200)
                .extract()
                .path("hits[0].docId");
        Map<String, Object> stored = given().get(
                        TestServers.OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_doc/" + docId + ":0")
                .then()
                .statusCode(200)
                .extract()
                .path("_source");
        assertThat(stored)
                .containsKeys(ChunkIndex.URL, ChunkIndex.CHUNK_SHA256, ChunkIndex.START, ChunkIndex.END)
                .doesNotContainKey(ChunkIndex.TEXT);
        assertThat(stored.toString()).doesNotContain("Augustin-Jean");

        site.remove("/fresnel.html");
        JsonPath after = ask();
        assertThat(after.getList("citations.url")).doesNotContain(fresnel);
        assertThat(after.getList("dropped.url")).contains(fresnel);
        assertThat(after.getString("answer")).doesNotContain("1822");
    }

    @Test
    void badInputGetsProblemJson() {
        given().contentType("application/json")
                .body("{not json")
                .post(ingest.url("/api/v1/documents"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
        given().contentType("application/json")
                .body(Map.of("collection", collection))
                .post(ingest.url("/api/v1/documents"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("url is required"));
        given().contentType("application/json")
                .body(Map.of("url", "ftp://example.org/x", "collection", collection))
                .post(ingest.url("/api/v1/documents"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get(ingest.url("/no/such/route")).then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json")
                .body(Map.of("collection", collection))
                .post(query.url("/api/v1/query"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("question is required"));
    }

    private JsonPath ask() {
        return given().contentType("application/json")
                .body(Map.of("question", QUESTION, "collection", collection, "k", 5))
                .when()
                .post(query.url("/api/v1/query"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Set<String> searchedUrls(String q) {
        List<String> urls = given().contentType("application/json")
                .body(Map.of("query", q, "collection", collection, "k", 20))
                .post(query.url("/api/v1/search"))
                .then()
                .statusCode(200)
                .extract()
                .path("hits.url");
        return urls.stream().collect(Collectors.toSet());
    }
}
