package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.KafkaWatch;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The W3C trace context of the HTTP request that asked for a document travels in the Kafka headers of the
 * records it causes: the request on rag.ingest.requests and, after the worker has fetched the page, the
 * document on rag.documents, both in the caller's trace.
 */
@QuarkusTest
class TraceContextQuarkusTest extends OnMixedSite {
    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Test
    void theCallersTraceReachesTheRequestAndTheDocumentRecords() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        Map<String, ConsumerRecord<String, String>> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                KafkaWatch.consumer(bootstrap, "earliest", List.of(Topics.INGEST_REQUESTS, Topics.DOCUMENTS))) {
            String docId = given().contentType(ContentType.JSON)
                    .header("traceparent", traceparent)
                    .body(Map.of("url", site.base() + "/md/traced-" + traceId, "collection", "trace-test"))
                    .when()
                    .post("/api/v1/documents")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("docId");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    // rag.ingest.requests is keyed by site, rag.documents by document id
                    if (docId.equals(r.key())
                            || (r.topic().equals(Topics.INGEST_REQUESTS)
                                    && r.value().contains(docId))) {
                        seen.put(r.topic(), r);
                    }
                }
                return seen.size() == 2;
            });
        }
        assertThat(traceIdOf(seen.get(Topics.INGEST_REQUESTS))).isEqualTo(traceId);
        assertThat(traceIdOf(seen.get(Topics.DOCUMENTS))).isEqualTo(traceId);
        // Each hop is its own span: the document's parent is not the caller's span.
        assertThat(header(seen.get(Topics.DOCUMENTS))).doesNotContain("00f067aa0ba902b7");
    }

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        String value = header(record);
        assertThat(value).as("traceparent header on %s", record.topic()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return value.split("-")[1];
    }

    private static String header(ConsumerRecord<String, String> record) {
        Header h = record.headers().lastHeader("traceparent");
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
