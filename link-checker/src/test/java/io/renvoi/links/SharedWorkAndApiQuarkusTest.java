package io.renvoi.links;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.check.CheckOutcome;
import io.renvoi.links.check.LinkChecker;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Replicas sharing rounds through leases in rag-links, observations from query-service on rag.links, and
 * the admin API, on the real test Kafka and OpenSearch.
 */
@QuarkusTest
class SharedWorkAndApiQuarkusTest extends LinkFixture {
    @Inject
    LinkChecker checker;

    @Test
    void twoReplicasNeverCheckTheSameUrlTwiceInARound() throws Exception {
        Pages pages = registerPages(
                site,
                "shared",
                12,
                i -> LoopbackSite.html("Shared " + i, "Page number " + i + " of the shared round."));
        registry.refresh();
        site.delay(30); // checks overlap in time, so the replicas race for the same entries
        try {
            CompletableFuture<List<CheckOutcome>> a = CompletableFuture.supplyAsync(() -> round("replica-a"));
            CompletableFuture<List<CheckOutcome>> b = CompletableFuture.supplyAsync(() -> round("replica-b"));
            List<CheckOutcome> byA = a.get();
            List<CheckOutcome> byB = b.get();
            for (String path : pages.paths()) {
                assertThat(site.hits(path)).as(path).isEqualTo(1);
            }
            Set<String> checkedByA =
                    new HashSet<>(byA.stream().map(CheckOutcome::docId).toList());
            Set<String> checkedByB =
                    new HashSet<>(byB.stream().map(CheckOutcome::docId).toList());
            for (String id : pages.ids()) {
                assertThat(checkedByA.contains(id) ^ checkedByB.contains(id))
                        .as(id)
                        .isTrue();
                assertThat(entry(id).leaseOwner).isNull();
            }
        } finally {
            site.delay(0);
        }
    }

    private List<CheckOutcome> round(String replica) {
        try {
            return checker.runRound(replica);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anObservationFromQueryServiceIsCheckedFirst() throws Exception {
        String path = path("observed");
        String docId = register(path, LoopbackSite.html("Observed", "The bridge is closed for repairs."));
        checker.checkNow(docId).orElseThrow();
        assertThat(entry(docId).nextCheckAt).isGreaterThan(System.currentTimeMillis());

        site.fail(path, 410, null);
        kafka.send(
                Topics.LINKS,
                docId,
                EventJson.encode(new LinkObservation(
                        docId, site.url(path), COLLECTION, "gone", 410, "query-service", System.currentTimeMillis())));
        await().atMost(Duration.ofSeconds(30)).until(() -> entry(docId).priority);
        registry.refresh();
        List<CheckOutcome> round = checker.runRound();
        assertThat(round.get(0).docId()).isEqualTo(docId);
        assertThat(entry(docId).status).isEqualTo("evicted");
        assertThat(entry(docId).history).anyMatch(h -> h.outcome().equals("observed:gone"));
    }

    @Test
    void onlyRecordsThatCanNeverBeProcessedGoToTheDeadLetterTopic() throws Exception {
        String marker = java.util.UUID.randomUUID().toString();
        kafka.send(Topics.INDEXED, "poison-" + marker, "{not json " + marker);
        kafka.send(
                Topics.INDEXED,
                "poison-" + marker,
                "{\"docId\":\"../_delete_by_query?" + marker + "\",\"outcome\":\"INDEXED\","
                        + "\"url\":\"http://x/\",\"collection\":\"c\",\"epoch\":1}");
        String path = path("after-poison");
        String docId = register(path, LoopbackSite.html("After poison", "The consumer went on after two bad records."));
        assertThat(entry(docId)).isNotNull();
        List<String> dead = kafka.readAll(Topics.INDEXED + ".dlq", 4_000).stream()
                .map(r -> r.value())
                .filter(v -> v.contains(marker))
                .toList();
        assertThat(dead).hasSize(2);
        assertThat(kafka.readAll(Topics.INDEXED + ".dlq", 1_000))
                .noneMatch(r -> r.value().contains(docId));
    }

    @Test
    void adminApiListsReadsChecksAndCounts() throws Exception {
        String path = path("admin");
        String docId = register(path, LoopbackSite.html("Admin", "The library lends telescopes."));

        given().when()
                .post("/api/v1/links/" + docId + "/check")
                .then()
                .statusCode(200)
                .body("docId", equalTo(docId))
                .body("verdict", equalTo("unchanged"))
                .body("status", equalTo("active"));
        given().when()
                .get("/api/v1/links/" + docId)
                .then()
                .statusCode(200)
                .body("url", equalTo(site.url(path)))
                .body("history.outcome", hasItem("unchanged:not-modified"))
                .body("nextCheckAt", notNullValue());
        registry.refresh();
        given().queryParam("status", "active")
                .queryParam("collection", COLLECTION)
                .when()
                .get("/api/v1/links")
                .then()
                .statusCode(200)
                .body("entries.docId", hasItem(docId));
        given().when()
                .get("/api/v1/links/stats")
                .then()
                .statusCode(200)
                .body("byStatus.active", greaterThanOrEqualTo(1))
                .body("checksLastMinute", greaterThanOrEqualTo(1));
        given().queryParam("collection", COLLECTION)
                .when()
                .get("/api/v1/links/stats")
                .then()
                .statusCode(200)
                .body("byStatus.active", greaterThanOrEqualTo(1));
        given().queryParam("collection", "links-nothing-here") // one collection's counts: none for another
                .when()
                .get("/api/v1/links/stats")
                .then()
                .statusCode(200)
                .body("byStatus.size()", equalTo(0))
                .body("checksTotal", equalTo(0));
        given().queryParam("collection", "Not A Name")
                .when()
                .get("/api/v1/links/stats")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        given().when().get("/api/v1/links/nope").then().statusCode(404).contentType("application/problem+json");
        given().when().post("/api/v1/links/nope/check").then().statusCode(404).contentType("application/problem+json");
        // ids that would change the OpenSearch path if pasted into it
        given().urlEncodingEnabled(false)
                .when()
                .get("/api/v1/links/%25")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().urlEncodingEnabled(false)
                .when()
                .get("/api/v1/links/x%3Fq%3D1")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("status", "dead")
                .when()
                .get("/api/v1/links")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("page", "-1").when().get("/api/v1/links").then().statusCode(400);
    }
}
