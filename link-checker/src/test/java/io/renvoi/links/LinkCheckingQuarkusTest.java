package io.renvoi.links;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.check.CheckOutcome;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.LinkEntry;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each outcome of a check against a local site on the real test Kafka and OpenSearch: 304, same text,
 * changed text, 410 at once, 404/403/noindex only when confirmed, a 200 clearing a suspicion, an evicted page
 * coming back, 301 (the old URL kept until the new one is indexed), flapping and persistent 503, 429 with
 * Retry-After, and a publish that fails leaving the registry untouched.
 */
@QuarkusTest
class LinkCheckingQuarkusTest extends LinkFixture {
    /** {@code %test.renvoi.links.confirm-after} and {@code evicted-recheck-interval}. */
    static final long CONFIRM_AFTER_MS = 2_000;

    static final long EVICTED_RECHECK_MS = 3_000;

    @Inject
    LinkChecker checker;

    @Inject
    DecisionPublisher publisher;

    private CheckOutcome check(String docId) throws Exception {
        return checker.checkNow(docId).orElseThrow();
    }

    /** The first ingest request the watch sees for {@code docId}, waiting at most 30 s for one. */
    private IngestRequest awaitIngestRequest(String docId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.on(Topics.INGEST_REQUESTS, docId).isEmpty());
        return EventJson.decode(kafka.on(Topics.INGEST_REQUESTS, docId).get(0).value(), IngestRequest.class);
    }

    @Test
    void unchangedPageWithAnEtagCostsA304WithNoBodyAndItsIntervalGrows() throws Exception {
        String path = path("stable");
        String docId = register(path, LoopbackSite.html("Stable", "The lighthouse keeper trims the wick every night."));

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
        String docId = register(
                path,
                LoopbackSite.html("Old model", "The tide tables were embedded by an older model."),
                "all-minilm-l6-v2/128");

        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        IngestRequest request = awaitIngestRequest(docId);
        assertThat(request.reason()).isEqualTo(IngestReason.RECHECK);
        assertThat(request.url()).isEqualTo(site.url(path));
        assertThat(request.metadata()).containsEntry("embeddedBy", "all-minilm-l6-v2/128");

        // once rag.indexed reports this build's vectors, an unchanged page asks for nothing more
        register(path, LoopbackSite.html("Old model", "The tide tables were embedded by an older model."));
        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        Thread.sleep(1000);
        assertThat(kafka.on(Topics.INGEST_REQUESTS, docId)).hasSize(1);
    }

    @Test
    void changedTextIsReingestedWithTheChangedPassagesAndItsIntervalShrinks() throws Exception {
        String path = path("changing");
        String docId = register(
                path, LoopbackSite.html("Changing", "The first version of the page says the ferry leaves at nine."));
        check(docId);
        check(docId);
        long grown = entry(docId).intervalMs;

        site.page(path, LoopbackSite.html("Changing", "The second version of the page says the ferry leaves at ten."));
        CheckOutcome changed = check(docId);
        assertThat(changed.verdict()).isEqualTo("changed");
        assertThat(entry(docId).intervalMs).isLessThan(grown);
        IngestRequest request = awaitIngestRequest(docId);
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
        String docId = register(path, LoopbackSite.html("Gone", "This page will soon be removed by its owner."));
        site.fail(path, 410, null);

        CheckOutcome outcome = check(docId);
        assertThat(outcome.verdict()).isEqualTo("evict");
        assertThat(outcome.status()).isEqualTo("evicted");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.on(Topics.DOCUMENTS, docId).stream()
                                .filter(r -> r.value().contains("\"DELETE\""))
                                .toList()
                                .isEmpty()
                        && !kafka.on(Topics.LINKS, docId).isEmpty());
        DocumentEvent delete = kafka.on(Topics.DOCUMENTS, docId).stream()
                .map(r -> EventJson.decode(r.value(), DocumentEvent.class))
                .filter(d -> d.type() == DocumentEvent.Type.DELETE)
                .findFirst()
                .orElseThrow();
        assertThat(delete.reason()).isEqualTo("gone");
        LinkObservation audit =
                EventJson.decode(kafka.on(Topics.LINKS, docId).get(0).value(), LinkObservation.class);
        assertThat(audit.status()).isEqualTo("evicted:gone");
        assertThat(audit.httpStatus()).isEqualTo(410);

        given().when()
                .get("/api/v1/links/" + docId)
                .then()
                .statusCode(200)
                .body("status", equalTo("evicted"))
                .body("reason", equalTo("gone"))
                .body("lastHttpStatus", equalTo(410))
                .body("history[-1].outcome", equalTo("evict:gone"));
        assertThat(entry(docId).evictedAt).isNotNull();
    }

    @Test
    void aNotFoundEvictsOnlyWhenSeenAgainConfirmAfterLater() throws Exception {
        String path = path("missing");
        String docId = register(path, LoopbackSite.html("Missing", "This page will answer 404 for good."));
        site.fail(path, 404, null);

        long before = System.currentTimeMillis();
        CheckOutcome first = check(docId);
        assertThat(first.verdict()).isEqualTo("loss");
        assertThat(first.status()).isEqualTo("suspect");
        assertThat(first.nextCheckAt())
                .isBetween(before + CONFIRM_AFTER_MS, System.currentTimeMillis() + CONFIRM_AFTER_MS);
        // a second 404 sooner than confirm-after confirms nothing
        assertThat(check(docId).status()).isEqualTo("suspect");
        assertThat(deletes(docId)).isZero();

        Thread.sleep(CONFIRM_AFTER_MS + 100);
        CheckOutcome confirmed = check(docId);
        assertThat(confirmed.status()).isEqualTo("evicted");
        assertThat(entry(docId).reason).isEqualTo("gone");
        await().atMost(Duration.ofSeconds(30)).until(() -> deletes(docId) == 1);
    }

    @Test
    void aNotFoundThenAnOkClearsTheSuspicion() throws Exception {
        String path = path("blip");
        String docId =
                register(path, LoopbackSite.html("Blip", "A deployment hiccup made this page vanish for a moment."));
        site.fail(path, 404, null);
        assertThat(check(docId).status()).isEqualTo("suspect");
        site.restore(path);
        CheckOutcome ok = check(docId);
        assertThat(ok.status()).isEqualTo("active");
        assertThat(entry(docId).suspectSince).isNull();

        // a later 404 starts a new confirmation instead of completing the old one
        Thread.sleep(CONFIRM_AFTER_MS + 100);
        site.fail(path, 404, null);
        assertThat(check(docId).status()).isEqualTo("suspect");
        Thread.sleep(1_000);
        assertThat(deletes(docId)).isZero();
    }

    @Test
    void accessLostAndNoindexAreConfirmedLikeANotFound() throws Exception {
        String locked = path("locked");
        String lockedId = register(locked, LoopbackSite.html("Locked", "Members may read this page for now."));
        String hidden = path("hidden");
        String hiddenId = register(hidden, LoopbackSite.html("Hidden", "Search engines may index this page for now."));
        String flicker = path("flicker");
        String flickerId = register(flicker, LoopbackSite.html("Flicker", "A proxy refused this page once."));
        site.fail(locked, 403, null);
        site.page(
                hidden,
                "<html><head><meta name=\"robots\" content=\"noindex\"><title>Hidden</title></head>"
                        + "<body><p>Search engines may index this page for now.</p></body></html>");
        site.fail(flicker, 403, null);

        assertThat(check(lockedId).reason()).isEqualTo("access-lost");
        assertThat(check(hiddenId).reason()).isEqualTo("noindex");
        assertThat(check(flickerId).status()).isEqualTo("suspect");
        assertThat(entry(lockedId).status).isEqualTo("suspect");
        assertThat(entry(hiddenId).status).isEqualTo("suspect");
        site.restore(flicker);
        assertThat(check(flickerId).status()).isEqualTo("active");

        Thread.sleep(CONFIRM_AFTER_MS + 100);
        assertThat(check(lockedId).status()).isEqualTo("evicted");
        assertThat(check(hiddenId).status()).isEqualTo("evicted");
        assertThat(check(flickerId).status()).isEqualTo("active");
        assertThat(entry(lockedId).reason).isEqualTo("access-lost");
        assertThat(entry(hiddenId).reason).isEqualTo("noindex");
        await().atMost(Duration.ofSeconds(30)).until(() -> deletes(lockedId) == 1 && deletes(hiddenId) == 1);
        assertThat(deletes(flickerId)).isZero();
    }

    @Test
    void anEvictedPageThatAnswersAgainIsReingestedAndActiveOnceIndexed() throws Exception {
        String path = path("phoenix");
        String html = LoopbackSite.html("Phoenix", "The observatory reopened its archive after a year.");
        String docId = register(path, html);
        site.fail(path, 410, null);
        assertThat(check(docId).status()).isEqualTo("evicted");
        assertThat(entry(docId).nextCheckAt).isGreaterThan(System.currentTimeMillis());

        // still gone at the long re-check: nothing asked
        Thread.sleep(EVICTED_RECHECK_MS + 100);
        registry.refresh();
        checker.runRound();
        assertThat(entry(docId).status).isEqualTo("evicted");
        assertThat(entry(docId).history.get(entry(docId).history.size() - 1).outcome())
                .isEqualTo("evict:gone");
        assertThat(kafka.on(Topics.INGEST_REQUESTS, docId)).isEmpty();

        site.restore(path);
        Thread.sleep(EVICTED_RECHECK_MS + 100);
        registry.refresh();
        checker.runRound();
        IngestRequest request = awaitIngestRequest(docId);
        assertThat(request.url()).isEqualTo(site.url(path));
        assertThat(request.reason()).isEqualTo(IngestReason.CHANGED);
        assertThat(request.metadata()).containsEntry("returnedAfter", "gone");
        assertThat(entry(docId).status).isEqualTo("evicted"); // until it is in the index again

        register(path, html); // ingest and embed-service do their part: a new epoch
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(entry(docId).status));
        assertThat(entry(docId).evictedAt).isNull();
    }

    @Test
    void aFailedPublishLeavesTheRegistryAsItWas() throws Exception {
        String path = path("unpublished");
        String docId = register(path, LoopbackSite.html("Unpublished", "Kafka is away when this page is found gone."));
        site.fail(path, 410, null);
        FailingPublisher failing = new FailingPublisher(ClientProxy.unwrap(publisher));
        QuarkusMock.installMockForType(failing, DecisionPublisher.class);
        LinkEntry before = entry(docId);

        assertThatThrownBy(() -> checker.checkNow(docId)).hasMessageContaining("Kafka unavailable");
        LinkEntry after = entry(docId);
        assertThat(after.status).isEqualTo("active");
        assertThat(after.lastCheckAt).isEqualTo(before.lastCheckAt);
        assertThat(after.checks).isEqualTo(before.checks);
        assertThat(after.history).hasSameSizeAs(before.history);
        Thread.sleep(500);
        assertThat(deletes(docId)).isZero();

        // the lease runs out and Kafka is back: the same decision is published, then recorded
        registry.update(
                docId,
                e -> e.map(x -> {
                    x.leaseUntil = 0;
                    x.leaseOwner = null;
                    return x;
                }));
        failing.failing = false;
        assertThat(checker.checkNow(docId).orElseThrow().status()).isEqualTo("evicted");
        await().atMost(Duration.ofSeconds(30)).until(() -> deletes(docId) == 1);
    }

    /** A publisher whose Kafka is away until told otherwise. */
    @Vetoed
    static class FailingPublisher extends DecisionPublisher {
        final DecisionPublisher real;
        volatile boolean failing = true;

        FailingPublisher(DecisionPublisher real) {
            super(null, null, null);
            this.real = real;
        }

        private void kafka() {
            if (failing) throw new IllegalStateException("Kafka unavailable (test)");
        }

        @Override
        public void evict(String docId, String url, String collection, String reason, int httpStatus) {
            kafka();
            real.evict(docId, url, collection, reason, httpStatus);
        }

        @Override
        public void reingest(String docId, String url, String collection, Map<String, String> metadata) {
            kafka();
            real.reingest(docId, url, collection, metadata);
        }
    }

    @Test
    void aPageNowDisallowedByRobotsTxtIsEvicted() throws Exception {
        String path = path("robots");
        String docId = register(path, LoopbackSite.html("Robots", "Crawlers were welcome here once."));
        try {
            site.robots("User-agent: *\nDisallow: /robots-\n");
            CheckOutcome outcome = check(docId);
            assertThat(outcome.reason()).isEqualTo("robots");
            assertThat(entry(docId).status).isEqualTo("evicted");
        } finally {
            site.robots("User-agent: *\nDisallow:\n");
        }
    }

    @Test
    void aMovedPageKeepsItsOldUrlUntilTheNewOneIsIndexed() throws Exception {
        String old = path("old");
        String moved = path("new");
        String html = LoopbackSite.html("Moving", "The museum opens at ten on Sundays.");
        String docId = register(old, html);
        site.page(moved, html);
        site.redirect(old, 301, moved);

        CheckOutcome outcome = check(docId);
        assertThat(outcome.verdict()).isEqualTo("moved");
        assertThat(outcome.status()).isEqualTo("suspect");
        String newId = docId(moved);
        IngestRequest request = awaitIngestRequest(newId);
        assertThat(request.url()).isEqualTo(site.url(moved));
        assertThat(request.collection()).isEqualTo(COLLECTION);
        assertThat(request.metadata()).containsEntry("movedFrom", site.url(old));
        assertThat(entry(docId).movedTo).isEqualTo(site.url(moved));
        // checked again before the new URL is indexed: still kept
        Thread.sleep(CONFIRM_AFTER_MS + 100);
        assertThat(check(docId).status()).isEqualTo("suspect");
        Thread.sleep(1_000);
        assertThat(deletes(docId)).isZero();

        registry.refresh();
        register(moved, html); // rag.indexed: INDEXED for the new URL
        await().atMost(Duration.ofSeconds(30)).until(() -> "evicted".equals(entry(docId).status));
        assertThat(entry(docId).reason).isEqualTo("moved");
        await().atMost(Duration.ofSeconds(30)).until(() -> deletes(docId) == 1);
        assertThat(entry(newId).status).isEqualTo("active");
    }

    @Test
    void aTemporaryRedirectMovesNothing() throws Exception {
        String old = path("temp");
        String target = path("temp-target");
        String docId = register(old, LoopbackSite.html("Temp", "The bakery sells rye bread on Tuesdays."));
        site.page(target, LoopbackSite.html("Temp", "The bakery sells rye bread on Tuesdays."));
        site.redirect(old, 302, target);
        assertThat(check(docId).verdict()).isEqualTo("unchanged");
        assertThat(entry(docId).status).isEqualTo("active");
    }

    @Test
    void aPageFlapping503ForFewerThanNStrikesIsNeverEvicted() throws Exception {
        String path = path("flapping");
        String docId = register(path, LoopbackSite.html("Flapping", "The tide tables are published every month."));
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
        assertThat(kafka.on(Topics.DOCUMENTS, docId).stream()
                        .noneMatch(r -> r.value().contains("\"DELETE\"")))
                .isTrue();
    }

    @Test
    void persistentFailuresEvictOnlyAfterNStrikesSpreadOverTheWindow() throws Exception {
        String path = path("down");
        String docId = register(path, LoopbackSite.html("Down", "The old forum archive lives here."));
        site.fail(path, 503, null);
        for (int i = 0; i < 4; i++) {
            assertThat(check(docId).status()).isEqualTo("suspect"); // 4 strikes, but within 3 s
        }
        Thread.sleep(3_100);
        CheckOutcome last = check(docId);
        assertThat(last.status()).isEqualTo("evicted");
        assertThat(entry(docId).reason).isEqualTo("unreachable:http-503");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.on(Topics.DOCUMENTS, docId).stream()
                        .anyMatch(r -> r.value().contains("\"DELETE\"")));
    }

    @Test
    void aTooManyRequestsWithRetryAfterIsAStrikeAndIsRespected() throws Exception {
        String path = path("busy");
        String docId = register(path, LoopbackSite.html("Busy", "The ticket office is very busy today."));
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
