package io.renvoi.ingest;

import static io.renvoi.ingest.JobsApi.awaitDone;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.Topics;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.KafkaWatch;
import io.renvoi.ingest.deletion.Tombstones;
import io.renvoi.ingest.jobs.JobStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/**
 * A user's delete is remembered: a request already in flight and a CHANGED re-ingest do not bring the page
 * back; the same collection submitting the URL again does (even while the old chunks are still indexed),
 * and lifts the tombstone.
 */
@QuarkusTest
class TombstoneQuarkusTest extends OnMixedSiteWithEmbed {
    @Inject
    Tombstones tombstones;

    @Test
    void aDeletedPageStaysDeletedUntilItsCollectionSubmitsItAgain() throws Exception {
        String url = site.base() + "/ok/tomb-" + UUID.randomUUID().toString().substring(0, 8);
        String docId = DocumentIds.docId("tomb-test", url);
        String first = JobsApi.submitDocument(url, "tomb-test");
        assertThat(awaitDone(first).progress().indexed()).isEqualTo(1);

        embed.deletesLag = true; // its chunks stay in rag-chunks: the resubmission below must not find it "unchanged"
        given().queryParam("url", url)
                .queryParam("collection", "tomb-test")
                .when()
                .delete("/api/v1/documents")
                .then()
                .statusCode(202);
        long deletedAt = tombstones.deletedAt(docId).orElseThrow();
        long upserts = upsertsOf(docId);

        // a CHANGED re-ingest (as the link-checker or query-service sends) and a user request from before the delete
        String changedJob = "tomb-changed-" + UUID.randomUUID();
        String staleJob = "tomb-stale-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = KafkaWatch.producer(bootstrap)) {
            for (IngestRequest r : new IngestRequest[] {
                new IngestRequest(
                        docId,
                        url,
                        "tomb-test",
                        Map.of(),
                        IngestReason.CHANGED,
                        changedJob,
                        System.currentTimeMillis(),
                        null),
                new IngestRequest(
                        docId, url, "tomb-test", Map.of(), IngestReason.USER, staleJob, deletedAt - 1000, null)
            }) {
                producer.send(new ProducerRecord<>(Topics.INGEST_REQUESTS, r.kafkaKey(), EventJson.encode(r)))
                        .get();
            }
        }
        for (String job : new String[] {changedJob, staleJob}) {
            JsonNode outcome = awaitOutcome(job, docId);
            assertThat(outcome.path("state").asText()).isEqualTo("failed");
            assertThat(outcome.path("reason").asText()).isEqualTo("deleted");
        }
        assertThat(upsertsOf(docId)).isEqualTo(upserts);
        assertThat(tombstones.deletedAt(docId)).isPresent();

        // the user submits it again, before embed-service removed the old chunks: indexed afresh, tombstone gone
        String again = JobsApi.submitDocument(url, "tomb-test");
        assertThat(awaitDone(again).progress().indexed()).isEqualTo(1);
        assertThat(upsertsOf(docId)).isEqualTo(upserts + 1);
        assertThat(tombstones.deletedAt(docId)).isEmpty();
    }

    private long upsertsOf(String docId) {
        return embed.upserts.stream().filter(e -> e.docId().equals(docId)).count();
    }

    private JsonNode awaitOutcome(String jobId, String docId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    try {
                        var r = openSearch.performRequest(
                                new Request("GET", "/" + JobStore.INDEX + "/_doc/" + jobId + ":" + docId));
                        found[0] = JsonMapper.shared()
                                .readTree(EntityUtils.toString(r.getEntity()))
                                .path("_source");
                        return true;
                    } catch (ResponseException e) {
                        return false;
                    }
                });
        return found[0];
    }
}
