package io.renvoi.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.renvoi.common.testing.LoopbackSite;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The link-checker keeps answers true to the live web, across every service: a page that starts answering
 * 410 leaves the search results, and a page whose text changes is re-ingested so that answers quote the new
 * text. All five processes run for real; checks run every second here (minutes in production).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkFreshnessIT {
    private final String collection = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
    private final Platform platform = new Platform();
    private LoopbackSite site;
    private ServiceProcess ingest;
    private ServiceProcess query;

    @BeforeAll
    void startPlatform() throws Exception {
        site = platform.add(LoopbackSite.start());
        Map<String, String> common = platform.startTritonLocal("127.0.0.1/32");
        Map<String, String> checker = new HashMap<>(common);
        checker.putAll(TestServers.quickLinkChecks());
        ingest = platform.start("ingest-service", common);
        platform.start("embed-service", common);
        query = platform.start("query-service", common);
        platform.start("link-checker", checker);
        platform.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopPlatform() throws Exception {
        platform.close();
    }

    @Test
    void aPageThatStartsAnswering410LeavesTheSearchResults() {
        String url =
                site.put("/closing.html", "Closing notice", "The museum annex on Gull Rock closes for good in March.");
        ingest(url);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> searchUrls("Gull Rock annex").contains(url));

        site.fail("/closing.html", 410);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !searchUrls("Gull Rock annex").contains(url));
    }

    @Test
    void aChangedPageIsReingestedAndAnswersQuoteTheNewText() {
        String url = site.put(
                "/cat.html",
                "The keeper's cat",
                "The lighthouse keeper's cat is named Tom and sleeps by the lamp room stove.");
        ingest(url);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> answer("What is the name of the lighthouse keeper's cat?")
                        .contains("Tom"));

        site.put(
                "/cat.html",
                "The keeper's cat",
                "The lighthouse keeper's cat is named Felix and sleeps by the lamp room stove.");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> answer("What is the name of the lighthouse keeper's cat?")
                        .contains("Felix"));
    }

    private void ingest(String url) {
        given().contentType("application/json")
                .body(Map.of("url", url, "collection", collection))
                .post(ingest.url("/api/v1/documents"))
                .then()
                .statusCode(202);
    }

    private List<String> searchUrls(String q) {
        return given().contentType("application/json")
                .body(Map.of("query", q, "collection", collection, "k", 10))
                .post(query.url("/api/v1/search"))
                .then()
                .statusCode(200)
                .extract()
                .path("hits.url");
    }

    private String answer(String question) {
        return given().contentType("application/json")
                .body(Map.of("question", question, "collection", collection))
                .post(query.url("/api/v1/query"))
                .then()
                .statusCode(200)
                .extract()
                .path("answer");
    }
}
