package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.KafkaWatch;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.common.testing.TestKeys;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.query.answer.AnswerService;
import io.renvoi.query.cache.PassageCache;
import io.renvoi.triton.proto.ModelInferRequest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answer path of query-service on the real test Kafka and OpenSearch, with triton-local in process and a
 * local web site as the sources: each resolution outcome and the event it publishes, the passage cache (from
 * answer-time fetches and from rag.documents), one fetch per document, sampling parameters reaching Triton,
 * the relevance threshold, SSE order and cancellation, bad input.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
public class AnswerPathQuarkusTest {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String TUNNEL = "The Arlberg road tunnel links Tyrol and Vorarlberg under the Arlberg pass.";
    public static final String TUNNEL_LENGTH = "The Arlberg road tunnel is 13.97 kilometres long and opened in 1978.";
    public static final String TUNNEL_TOLL =
            "Drivers pay a toll to use the Arlberg road tunnel, collected at the eastern portal.";
    public static final String QUESTION = "How long is the Arlberg road tunnel?";

    /** Collections are suffixed per run: the test OpenSearch keeps rag-chunks between runs. */
    public static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    static LoopbackSite site;
    static KafkaWatch kafka;

    @Inject
    Embedder embedder;

    @Inject
    MeterRegistry registry;

    @Inject
    PassageCache cache;

    @TestHTTPResource("/api/v1/query")
    URI queryUri;

    @BeforeAll
    static void start() {
        site = LoopbackSite.start();
        kafka = new KafkaWatch(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.LINKS, Topics.INGEST_REQUESTS));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        site.close();
        kafka.close();
    }

    ChunkFixture.Indexed tunnelPage(String collection, String path) {
        return tunnelPage(embedder, site, collection, path);
    }

    /** Serves the Arlberg tunnel page at {@code path} of {@code site} and indexes its three paragraphs. */
    static ChunkFixture.Indexed tunnelPage(Embedder embedder, LoopbackSite site, String collection, String path) {
        return ChunkFixture.onTestOpenSearch(embedder)
                .page(site, path, collection, "Arlberg road tunnel", List.of(TUNNEL, TUNNEL_LENGTH, TUNNEL_TOLL));
    }

    /**
     * Waits up to 90 s until {@code POST path} with the JSON {@code body} answers as {@code ready} wants (an
     * indexed page becomes visible to searches a moment after it was written).
     */
    static void awaitResponse(String path, String body, Predicate<Response> ready) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ready.test(
                        given().contentType(ContentType.JSON).body(body).post(path)));
    }

    static JsonNode ask(String collection, String question) throws Exception {
        return ask(JSON.writeValueAsString(Map.of("question", question, "collection", collection)));
    }

    /** POSTs the JSON {@code request} to /api/v1/query and returns its 200 JSON answer. */
    static JsonNode ask(String request) throws Exception {
        String body = given().contentType(ContentType.JSON)
                .accept(ContentType.JSON)
                .body(request)
                .when()
                .post("/api/v1/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JSON.readTree(body);
    }

    /** A document indexed for a question and the answer to it. */
    record Asked(ChunkFixture.Indexed doc, JsonNode answer) {}

    /**
     * Indexes the tunnel page at /{@code name} in collection qa-{@code name}-RUN, makes that page answer
     * {@code status}, and asks {@link #QUESTION} of the collection.
     */
    Asked askWhileTheSourceAnswers(String name, int status) throws Exception {
        ChunkFixture.Indexed doc = tunnelPage("qa-" + name + "-" + RUN, "/" + name);
        site.fail("/" + name, status);
        return new Asked(doc, ask("qa-" + name + "-" + RUN, QUESTION));
    }

    /** {@code answer} is "I don't know" and drops one source only: the page at {@code path}, as {@code status}. */
    void assertDontKnowDroppingOnly(JsonNode answer, String path, String status) {
        assertThat(answer.get("answer").asText()).isEqualTo(AnswerService.DONT_KNOW);
        assertThat(answer.get("dropped").toString())
                .isEqualTo("[{\"url\":\"" + site.url(path) + "\",\"status\":\"" + status + "\"}]");
    }

    /**
     * Publishes on rag.documents the UPSERT of {@code doc} in {@code collection} (epoch 1, now) that ingest would
     * send, carrying {@code chunks} as its passages.
     */
    static void publishUpsert(ChunkFixture.Indexed doc, String collection, String title, List<ChunkRef> chunks) {
        DocumentEvent upsert = DocumentEvent.upsert(doc.docId(), doc.url(), collection)
                .finalUrl(doc.url())
                .title(title)
                .contentType("text/html")
                .extracted("sha", doc.extractorVersion())
                .epoch(1L, System.currentTimeMillis())
                .chunks(chunks)
                .build();
        kafka.send(Topics.DOCUMENTS, doc.docId(), EventJson.encode(upsert));
    }

    double passages(String status) {
        var c = registry.find("renvoi.query.passages").tag("status", status).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void verifiedAtFirstThenCachedWithoutFetchingAgain() throws Exception {
        tunnelPage("qa-verified-" + RUN, "/verified");
        JsonNode first = ask("qa-verified-" + RUN, QUESTION);
        assertThat(first.get("citations")).isNotEmpty();
        first.get("citations").forEach(c -> assertThat(c.get("status").asText()).isEqualTo("verified"));
        assertThat(first.get("citations").get(0).get("url").asText()).isEqualTo(site.url("/verified"));
        assertThat(first.get("answer").asText()).contains("13.97");
        assertThat(first.get("dropped")).isEmpty();
        assertThat(site.hits("/verified")).isEqualTo(1);
        // each citation carries the passage as just verified (the index stores none) and when it was seen
        JsonNode cited = first.get("citations").get(0);
        assertThat(cited.get("passage").asText()).contains("13.97");
        java.time.Instant checked =
                java.time.Instant.parse(cited.get("checkedAt").asText());
        assertThat(checked).isBetween(java.time.Instant.now().minusSeconds(120), java.time.Instant.now());

        JsonNode second = ask("qa-verified-" + RUN, QUESTION);
        assertThat(second.get("citations")).isNotEmpty();
        second.get("citations")
                .forEach(c -> assertThat(c.get("status").asText()).isEqualTo("cached"));
        assertThat(site.hits("/verified")).as("served from the passage cache").isEqualTo(1);
        assertThat(second.get("citations").get(0).get("passage").asText())
                .isEqualTo(cited.get("passage").asText());
        assertThat(java.time.Instant.parse(
                        second.get("citations").get(0).get("checkedAt").asText()))
                .as("a cached passage is dated when it was last seen at its source")
                .isBeforeOrEqualTo(checked.plusSeconds(5));
    }

    @Test
    void severalChunksOfOneDocumentCostOneFetch() throws Exception {
        tunnelPage("qa-onefetch-" + RUN, "/onefetch");
        double verifiedBefore = passages("verified");
        JsonNode answer = ask("qa-onefetch-" + RUN, "Arlberg road tunnel length, toll and the regions it links");
        assertThat(passages("verified") - verifiedBefore)
                .as("chunks verified by this answer")
                .isGreaterThanOrEqualTo(2);
        assertThat(site.hits("/onefetch")).isEqualTo(1);
        assertThat(answer.get("dropped")).isEmpty();
    }

    @Test
    void changedSourceIsDroppedAndReingestRequested() throws Exception {
        ChunkFixture.Indexed doc = tunnelPage("qa-changed-" + RUN, "/changed");
        site.page(
                "/changed",
                LoopbackSite.html(
                        "Arlberg road tunnel",
                        List.of(TUNNEL, TUNNEL_LENGTH.replace("13.97", "14.2"), TUNNEL_TOLL.replace("toll", "fee"))));
        JsonNode answer = ask("qa-changed-" + RUN, QUESTION);
        assertThat(answer.get("dropped").toString())
                .contains("\"status\":\"changed\"")
                .contains(site.url("/changed"));
        assertThat(answer.get("answer").asText()).doesNotContain("13.97");
        answer.get("citations")
                .forEach(c -> assertThat(c.get("status").asText()).isEqualTo("verified"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.on(Topics.INGEST_REQUESTS, doc.docId()).isEmpty());
        IngestRequest r = EventJson.decode(
                kafka.on(Topics.INGEST_REQUESTS, doc.docId()).get(0).value(), IngestRequest.class);
        assertThat(r.reason()).isEqualTo(IngestReason.CHANGED);
        assertThat(r.url()).isEqualTo(site.url("/changed"));
        assertThat(r.collection()).isEqualTo("qa-changed-" + RUN);
    }

    @Test
    void goneSourceIsDroppedAndObserved() throws Exception {
        Asked gone = askWhileTheSourceAnswers("gone", 410);
        assertDontKnowDroppingOnly(gone.answer(), "/gone", "gone");
        assertThat(gone.answer().get("citations")).isEmpty();
        String docId = gone.doc().docId();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.on(Topics.LINKS, docId).isEmpty());
        LinkObservation o =
                EventJson.decode(kafka.on(Topics.LINKS, docId).get(0).value(), LinkObservation.class);
        assertThat(o.status()).isEqualTo("gone");
        assertThat(o.httpStatus()).isEqualTo(410);
        assertThat(o.url()).isEqualTo(site.url("/gone"));
        assertThat(o.source()).isEqualTo("query-service");
    }

    @Test
    void unreachableSourceIsDroppedWithoutEvents() throws Exception {
        Asked unreachable = askWhileTheSourceAnswers("unreachable", 503);
        assertDontKnowDroppingOnly(unreachable.answer(), "/unreachable", "unreachable");
        String docId = unreachable.doc().docId();
        // a gone page published in the same test shows the watch is caught up; nothing about the unreachable one
        ChunkFixture.Indexed marker =
                askWhileTheSourceAnswers("unreachable-marker", 404).doc();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.on(Topics.LINKS, marker.docId()).isEmpty());
        assertThat(kafka.on(Topics.LINKS, docId)).isEmpty();
        assertThat(kafka.on(Topics.INGEST_REQUESTS, docId)).isEmpty();
    }

    @Test
    void passagesOfRagDocumentsAreCachedAndADeleteDropsThem() throws Exception {
        ChunkFixture.Indexed doc = tunnelPage("qa-warm-" + RUN, "/warm");
        site.fail("/warm", 404); // any fetch would find it gone: a cached answer proves no fetch happened
        publishUpsert(doc, "qa-warm-" + RUN, "Arlberg road tunnel", doc.chunks());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> doc.chunks().stream()
                        .allMatch(
                                c -> cache.get(doc.docId(), c.ord(), c.sha256()).isPresent()));

        JsonNode answer = ask("qa-warm-" + RUN, QUESTION);
        assertThat(answer.get("citations")).isNotEmpty();
        answer.get("citations")
                .forEach(c -> assertThat(c.get("status").asText()).isEqualTo("cached"));
        assertThat(site.hits("/warm")).isZero();

        kafka.send(
                Topics.DOCUMENTS,
                doc.docId(),
                EventJson.encode(DocumentEvent.delete(doc.docId(), doc.url(), "qa-warm-" + RUN, "gone", null)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> doc.chunks().stream()
                        .noneMatch(
                                c -> cache.get(doc.docId(), c.ord(), c.sha256()).isPresent()));
        JsonNode after = ask("qa-warm-" + RUN, QUESTION);
        assertThat(after.get("dropped").toString()).contains("\"status\":\"gone\"");
        assertThat(site.hits("/warm")).isEqualTo(1);
    }

    @Test
    void aRagDocumentsChunkWhoseTextDoesNotMatchItsHashIsNotCached() {
        ChunkFixture.Indexed doc = tunnelPage("qa-badhash-" + RUN, "/badhash");
        var chunk = doc.chunks().get(0);
        var forged = new ChunkRef(chunk.ord(), chunk.start(), chunk.end(), chunk.sha256(), "forged text");
        var good = doc.chunks().get(1);
        publishUpsert(doc, "qa-badhash-" + RUN, "t", List.of(forged, good));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cache.get(doc.docId(), good.ord(), good.sha256()).isPresent());
        assertThat(cache.get(doc.docId(), chunk.ord(), chunk.sha256())).isEmpty();
    }

    @Test
    void samplingParametersFromTheRequestAndFromConfigurationReachTriton() throws Exception {
        tunnelPage("qa-sampling-" + RUN, "/sampling");
        JsonNode answer = ask("{\"question\":\"" + QUESTION + "\",\"collection\":\"qa-sampling-" + RUN
                + "\",\"temperature\":0.7,\"maxTokens\":3,\"topP\":0.9}");
        JsonNode sampling = lastSampling();
        assertThat(sampling.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(sampling.get("max_tokens").asInt()).isEqualTo(3);
        assertThat(sampling.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(answer.get("answer").asText().split("\\s+")).hasSizeLessThanOrEqualTo(3);

        ask("qa-sampling-" + RUN, QUESTION);
        JsonNode defaults = lastSampling();
        assertThat(defaults.get("temperature").asDouble()).isEqualTo(0.25); // %test.renvoi.triton.temperature
        assertThat(defaults.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(defaults.get("top_p").asDouble()).isEqualTo(0.95);
    }

    static JsonNode lastSampling() throws Exception {
        List<ModelInferRequest> requests = TritonTestResource.server().streamRequests();
        ModelInferRequest last = requests.get(requests.size() - 1);
        assertThat(last.getModelName()).isEqualTo("llm");
        return JSON.readTree(TritonTensors.decodeStrings(
                        TritonTensors.input(last, "sampling_parameters").orElseThrow())
                .get(0));
    }

    @Test
    void noRelevantPassageAnswersIDontKnowWithoutCallingTheLlm() throws Exception {
        tunnelPage("qa-irrelevant-" + RUN, "/irrelevant");
        int before = TritonTestResource.server().streamRequests().size();
        JsonNode answer = ask("qa-irrelevant-" + RUN, "Which enzyme phosphorylates glycogen synthase in muscle cells?");
        assertThat(answer.get("answer").asText()).isEqualTo(AnswerService.DONT_KNOW);
        assertThat(answer.get("citations")).isEmpty();
        assertThat(TritonTestResource.server().streamRequests()).hasSize(before);
        assertThat(site.hits("/irrelevant")).isZero();
    }

    @Test
    void streamsTokensThenCitationsThenDone() throws Exception {
        tunnelPage("qa-stream-" + RUN, "/stream");
        HttpResponse<String> r = QueryStream.ask(
                queryUri,
                "{\"question\":\"" + QUESTION + "\",\"collection\":\"qa-stream-" + RUN + "\"}",
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String[]> events = sse(r.body());
        List<String> names = events.stream().map(e -> e[0]).toList();
        int citations = names.indexOf("citations");
        assertThat(citations).as("events: %s", names).isPositive();
        assertThat(names.subList(0, citations)).containsOnly("token");
        assertThat(names.subList(citations, names.size())).containsExactly("citations", "done");
        StringBuilder text = new StringBuilder();
        for (String[] e : events.subList(0, citations)) {
            text.append(JSON.readTree(e[1]).get("text").asText());
        }
        assertThat(text.toString()).contains("13.97");
        JsonNode cited = JSON.readTree(events.get(citations)[1]);
        assertThat(cited.get("citations")).isNotEmpty();
        assertThat(cited.get("citations").get(0).get("status").asText()).isIn("verified", "cached");
        assertThat(cited.get("dropped")).isEmpty();
    }

    /** (event name, data) pairs of an SSE body. */
    public static List<String[]> sse(String body) {
        List<String[]> out = new ArrayList<>();
        for (String block : body.split("\r?\n\r?\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\r?\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
            if (!block.isBlank()) {
                out.add(new String[] {name, data.toString()});
            }
        }
        return out;
    }

    @Test
    void aClientThatGoesAwayCancelsTheTritonStream() throws Exception {
        tunnelPage("qa-cancel-" + RUN, "/cancel");
        int before = TritonTestResource.server().cancelledStreams();
        // slow enough that the answer is still streaming when the client goes away, even on a busy machine
        TritonTestResource.server().tokenDelay(Duration.ofSeconds(1));
        try (Socket socket = new Socket("127.0.0.1", queryUri.getPort())) {
            byte[] body = ("{\"question\":\"" + QUESTION + "\",\"collection\":\"qa-cancel-" + RUN + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: " + TestKeys.bearer(TestKeys.ADMIN) + "\r\n"
                            + "Accept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[1024];
            while (!seen.toString().contains("token")) {
                int n = in.read(buf);
                assertThat(n).as("stream ended before a token: %s", seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } finally {
            TritonTestResource.server().tokenDelay(Duration.ZERO);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TritonTestResource.server().cancelledStreams() > before);
    }

    @Test
    void badInputIsA400ProblemInEveryMode() {
        Map<String, String> detailByBody = Map.of(
                "{\"question\":\"  \",\"collection\":\"qa\"}", "question",
                "{\"question\":\"q\",\"collection\":\"qa\",\"topP\":1.5}", "topP",
                "{\"question\":\"q\",\"collection\":\"Bad Name\"}", "collection");
        for (String accept : List.of("application/json", "text/event-stream")) {
            detailByBody.forEach((body, detail) -> given().contentType(ContentType.JSON)
                    .header("Accept", accept)
                    .body(body)
                    .when()
                    .post("/api/v1/query")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString(detail)));
        }
    }

    @Test
    void healthReflectsTritonServerAndModel() {
        given().when()
                .get("/q/health/well")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'triton' }.status", equalTo("UP"));
    }
}
