package io.renvoi.links;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.events.Topics;
import io.renvoi.links.check.CheckOutcome;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.registry.LinkEntry;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each outcome of a check against a local site on the real test Kafka and OpenSearch: 304, same text,
 * changed text, 410, 403, noindex, 301, flapping and persistent 503, 429 with Retry-After.
 */
@QuarkusTest
class LinkCheckingTest extends LinkFixture {
    @Inject
    LinkChecker checker;

    private CheckOutcome check(String docId) throws Exception {
        return checker.checkNow(docId).orElseThrow();
    }

    @Test
    void unchangedPageWithAnEtagCostsA304WithNoBodyAndItsIntervalGrows() throws Exception {
        String path = path("stable");
        String docId = register(path, TestSite.html("Stable", "The lighthouse keeper trims the wick every night."));

        CheckOutcome first = check(docId);
        assertThat(first.verdict()).isEqualTo("unchanged");
        assertThat(first.reason()).isEqualTo("not-modified");
        assertThat(site.notModified(path)).isEqualTo(1);
        long interval = entry(docId).intervalMs;
        check(docId);
        assertThat(entry(docId).intervalMs).isEqualTo(interval * 2);
        assertThat(entry(docId).bytesDownloaded).isZero();
        assertThat(entry(docId).status).isEqualTo("active");
    }

    @Test
    void anUnchangedPageEmbeddedByAnotherModelIsFetchedAndEmbeddedAgainOnce() throws Exception {
        String path = path("old-model");
        String docId = register(path, TestSite.html("Old model", "The tide tables were embedded by an older model."),
                "all-minilm-l6-v2/128");

        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.on(Topics.INGEST_REQUESTS, docId).isEmpty());
        IngestRequest request = EventJson.decode(kafka.on(Topics.INGEST_REQUESTS, docId).get(0).value(), IngestRequest.class);
        assertThat(request.reason()).isEqualTo(IngestReason.RECHECK);
        assertThat(request.url()).isEqualTo(site.url(path));
        assertThat(request.metadata()).containsEntry("embeddedBy", "all-minilm-l6-v2/128");

        // once rag.indexed reports this build's vectors, an unchanged page asks for nothing more
        register(path, TestSite.html("Old model", "The tide tables were embedded by an older model."));
        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        Thread.sleep(1000);
        assertThat(kafka.on(Topics.INGEST_REQUESTS, docId)).hasSize(1);
    }

    @Test
    void changedTextIsReingestedWithTheChangedPassagesAndItsIntervalShrinks() throws Exception {
        String path = path("changing");
        String docId = register(path, TestSite.html("Changing", "The first version of the page says the ferry leaves at nine."));
        check(docId);
        check(docId);
        long grown = entry(docId).intervalMs;

        site.page(path, TestSite.html("Changing", "The second version of the page says the ferry leaves at ten."));
        CheckOutcome changed = check(docId);
        assertThat(changed.verdict()).isEqualTo("changed");
        assertThat(entry(docId).intervalMs).isLessThan(grown);
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.on(Topics.INGEST_REQUESTS, docId).isEmpty());
        IngestRequest request = EventJson.decode(kafka.on(Topics.INGEST_REQUESTS, docId).get(0).value(), IngestRequest.class);
        assertThat(request.reason()).isEqualTo(IngestReason.CHANGED);
        assertThat(request.url()).isEqualTo(site.url(path));
        assertThat(request.metadata().get("changedChunks")).isEqualTo("0");
        // the new text is now the reference: the next check does not ask again
        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        assertThat(kafka.on(Topics.INGEST_REQUESTS, docId)).hasSize(1);
    }

    @Test
    void aGonePageIsEvictedWithADeleteAndAnAuditRecord() throws Exception {
        String path = path("gone");
        String docId = register(path, TestSite.html("Gone", "This page will soon be removed by its owner."));
        site.fail(path, 410, null);

        CheckOutcome outcome = check(docId);
        assertThat(outcome.verdict()).isEqualTo("evict");
        assertThat(outcome.status()).isEqualTo("evicted");
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.on(Topics.DOCUMENTS, docId).stream()
                .filter(r -> r.value().contains("\"DELETE\"")).toList().isEmpty()
                && !kafka.on(Topics.LINKS, docId).isEmpty());
        DocumentEvent delete = kafka.on(Topics.DOCUMENTS, docId).stream().map(r -> EventJson.decode(r.value(), DocumentEvent.class))
                .filter(d -> d.type() == DocumentEvent.Type.DELETE).findFirst().orElseThrow();
        assertThat(delete.reason()).isEqualTo("gone");
        LinkObservation audit = EventJson.decode(kafka.on(Topics.LINKS, docId).get(0).value(), LinkObservation.class);
        assertThat(audit.status()).isEqualTo("evicted:gone");
        assertThat(audit.httpStatus()).isEqualTo(410);

        given().when().get("/api/v1/links/" + docId).then().statusCode(200)
                .body("status", equalTo("evicted")).body("reason", equalTo("gone"))
                .body("lastHttpStatus", equalTo(410)).body("history[-1].outcome", equalTo("evict:gone"));
        assertThat(entry(docId).evictedAt).isNotNull();
    }

    @Test
    void accessLostAndNoindexEvictWithTheirOwnReasons() throws Exception {
        String locked = path("locked");
        String lockedId = register(locked, TestSite.html("Locked", "Members may read this page for now."));
        site.fail(locked, 403, null);
        assertThat(check(lockedId).reason()).isEqualTo("access-lost");
        assertThat(entry(lockedId).reason).isEqualTo("access-lost");

        String hidden = path("hidden");
        String hiddenId = register(hidden, TestSite.html("Hidden", "Search engines may index this page for now."));
        site.page(hidden, "<html><head><meta name=\"robots\" content=\"noindex\"><title>Hidden</title></head>"
                + "<body><p>Search engines may index this page for now.</p></body></html>");
        assertThat(check(hiddenId).reason()).isEqualTo("noindex");
        assertThat(entry(hiddenId).status).isEqualTo("evicted");
    }

    @Test
    void aPageNowDisallowedByRobotsTxtIsEvicted() throws Exception {
        String path = path("robots");
        String docId = register(path, TestSite.html("Robots", "Crawlers were welcome here once."));
        try {
            site.page("/robots.txt", "User-agent: *\nDisallow: /robots-\n");
            CheckOutcome outcome = check(docId);
            assertThat(outcome.reason()).isEqualTo("robots");
            assertThat(entry(docId).status).isEqualTo("evicted");
        } finally {
            site.page("/robots.txt", "User-agent: *\nDisallow:\n");
        }
    }

    @Test
    void aPermanentRedirectMovesTheDocument() throws Exception {
        String old = path("old");
        String moved = path("new");
        String docId = register(old, TestSite.html("Moving", "The museum opens at ten on Sundays."));
        site.page(moved, TestSite.html("Moving", "The museum opens at ten on Sundays."));
        site.redirect(old, 301, moved);

        CheckOutcome outcome = check(docId);
        assertThat(outcome.verdict()).isEqualTo("moved");
        String newId = docId(moved);
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.on(Topics.INGEST_REQUESTS, newId).isEmpty()
                && kafka.on(Topics.DOCUMENTS, docId).stream().anyMatch(r -> r.value().contains("\"DELETE\"")));
        IngestRequest request = EventJson.decode(kafka.on(Topics.INGEST_REQUESTS, newId).get(0).value(), IngestRequest.class);
        assertThat(request.url()).isEqualTo(site.url(moved));
        assertThat(request.collection()).isEqualTo(COLLECTION);
        assertThat(entry(docId).reason).isEqualTo("moved");
        assertThat(entry(docId).movedTo).isEqualTo(site.url(moved));
    }

    @Test
    void aTemporaryRedirectMovesNothing() throws Exception {
        String old = path("temp");
        String target = path("temp-target");
        String docId = register(old, TestSite.html("Temp", "The bakery sells rye bread on Tuesdays."));
        site.page(target, TestSite.html("Temp", "The bakery sells rye bread on Tuesdays."));
        site.redirect(old, 302, target);
        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        assertThat(entry(docId).status).isEqualTo("active");
    }

    @Test
    void aPageFlapping503ForFewerThanNStrikesIsNeverEvicted() throws Exception {
        String path = path("flapping");
        String docId = register(path, TestSite.html("Flapping", "The tide tables are published every month."));
        for (int round = 0; round < 3; round++) {
            site.fail(path, 503, null);
            assertThat(check(docId).verdict()).isEqualTo("strike");
            assertThat(check(docId).status()).isEqualTo("suspect");
            assertThat(entry(docId).strikes).isEqualTo(2);
            Thread.sleep(1_100); // over rounds, the strikes would span the window
            site.restore(path);
            CheckOutcome ok = check(docId);
            assertThat(ok.verdict()).isEqualTo("unchanged");
            assertThat(ok.status()).isEqualTo("active");
            assertThat(ok.strikes()).isZero();
        }
        assertThat(kafka.on(Topics.DOCUMENTS, docId).stream().noneMatch(r -> r.value().contains("\"DELETE\""))).isTrue();
    }

    @Test
    void persistentFailuresEvictOnlyAfterNStrikesSpreadOverTheWindow() throws Exception {
        String path = path("down");
        String docId = register(path, TestSite.html("Down", "The old forum archive lives here."));
        site.fail(path, 503, null);
        for (int i = 0; i < 4; i++) {
            assertThat(check(docId).status()).isEqualTo("suspect"); // 4 strikes, but within 3 s
        }
        Thread.sleep(3_100);
        CheckOutcome last = check(docId);
        assertThat(last.status()).isEqualTo("evicted");
        assertThat(entry(docId).reason).isEqualTo("unreachable:http-503");
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.on(Topics.DOCUMENTS, docId).stream()
                .anyMatch(r -> r.value().contains("\"DELETE\"")));
    }

    @Test
    void aTooManyRequestsWithRetryAfterIsAStrikeAndIsRespected() throws Exception {
        String path = path("busy");
        String docId = register(path, TestSite.html("Busy", "The ticket office is very busy today."));
        site.fail(path, 429, "120");
        long before = System.currentTimeMillis();
        CheckOutcome outcome = check(docId);
        assertThat(outcome.verdict()).isEqualTo("strike");
        assertThat(outcome.reason()).isEqualTo("http-429");
        assertThat(outcome.nextCheckAt()).isGreaterThanOrEqualTo(before + 120_000);
        int hits = site.hits(path);
        registry.refresh();
        checker.runRound();
        assertThat(site.hits(path)).isEqualTo(hits);
        LinkEntry e = entry(docId);
        assertThat(e.status).isEqualTo("suspect");
        assertThat(e.lastHttpStatus).isEqualTo(429);
    }
}
