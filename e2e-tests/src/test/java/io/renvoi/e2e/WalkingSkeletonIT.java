package io.renvoi.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.renvoi.common.index.ChunkIndex;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton from URL to cited answer, on the real path: ingest-service, embed-service and
 * query-service as processes on the test Kafka and OpenSearch, triton-local in this JVM, pages served by
 * a local web server.
 */
class WalkingSkeletonIT extends OneSiteSuite {
    private static final String QUESTION = "Who invented the Fresnel lens and when?";
    private static final String PROBLEM_JSON = "application/problem+json";

    WalkingSkeletonIT() {
        super("e2e");
    }

    @BeforeAll
    void startPlatform() throws Exception {
        Map<String, String> common = startSiteAndTritonLocal();
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
            ServiceApi.ingestUrl(ingest, collection, url)
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
        String docId = ServiceApi.search(query, collection, "Fresnel", 1).getString("hits[0].docId");
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
        badRequest(ingest.url("/api/v1/documents"), "{not json").body("status", equalTo(400));
        badRequest(ingest.url("/api/v1/documents"), Map.of("collection", collection))
                .body("detail", equalTo("url is required"));
        badRequest(ingest.url("/api/v1/documents"), Map.of("url", "ftp://example.org/x", "collection", collection));
        given().get(ingest.url("/no/such/route")).then().statusCode(404).contentType(PROBLEM_JSON);
        badRequest(query.url("/api/v1/query"), Map.of("collection", collection))
                .body("detail", equalTo("question is required"));
    }

    /** POSTs {@code body} as JSON to {@code url}: answered 400 as problem+json; the answer, for more checks. */
    private static ValidatableResponse badRequest(String url, Object body) {
        return ServiceApi.postJson(url, body, 400).contentType(PROBLEM_JSON);
    }

    private JsonPath ask() {
        return ServiceApi.ask(query, collection, QUESTION, 5);
    }

    private Set<String> searchedUrls(String q) {
        List<String> urls = ServiceApi.search(query, collection, q, 20).getList("hits.url");
        return urls.stream().collect(Collectors.toSet());
    }
}
