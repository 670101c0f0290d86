package io.renvoi.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The link-checker keeps answers true to the live web, across every service: a page that starts answering
 * 410 leaves the search results, and a page whose text changes is re-ingested so that answers quote the new
 * text. All five processes run for real; checks run every second here (minutes in production).
 */
class LinkFreshnessIT extends OneSiteSuite {
    LinkFreshnessIT() {
        super("fresh");
    }

    @BeforeAll
    void startPlatform() throws Exception {
        Map<String, String> common = startSiteAndTritonLocal();
        Map<String, String> checker = new HashMap<>(common);
        checker.putAll(TestServers.quickLinkChecks());
        ingest = platform.start("ingest-service", common);
        platform.start("embed-service", common);
        query = platform.start("query-service", common);
        platform.start("link-checker", checker);
        platform.awaitReady(Duration.ofSeconds(120));
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
        ServiceApi.ingestUrl(ingest, collection, url);
    }

    private List<String> searchUrls(String q) {
        return ServiceApi.search(query, collection, q, 10).getList("hits.url");
    }

    private String answer(String question) {
        return ServiceApi.ask(query, collection, question).getString("answer");
    }
}
