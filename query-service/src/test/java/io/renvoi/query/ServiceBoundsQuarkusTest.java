package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.common.testing.TestKeys;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.RetrievalConfig;
import io.renvoi.query.retrieval.Searchers;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.rest_client.RestClientTransport;

/**
 * What query-service answers when it is at its bounds or a dependency is away, always problem+json: beyond the
 * concurrent answers or streams admitted (2 each in tests) a 429 with Retry-After; a body over
 * {@code quarkus.http.limits.max-body-size} a 413; OpenSearch unreachable (the searcher pointed at a closed
 * loopback port) a 503 with Retry-After, for search and answers alike.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
class ServiceBoundsQuarkusTest {
    @Inject
    Embedder embedder;

    @Inject
    RetrievalConfig retrieval;

    @TestHTTPResource("/api/v1/query")
    URI queryUri;

    String tunnel(LoopbackSite site, String name) {
        String collection = "qa-" + name + "-" + AnswerPathQuarkusTest.RUN;
        AnswerPathQuarkusTest.tunnelPage(embedder, site, collection, "/" + name);
        return "{\"question\":\"" + AnswerPathQuarkusTest.QUESTION + "\",\"collection\":\"" + collection + "\"}";
    }

    @Test
    void beyondTheConcurrentAnswersAndStreamsA429WithRetryAfter() throws Exception {
        try (LoopbackSite site = LoopbackSite.start()) {
            String question = tunnel(site, "limits");
            given().contentType(ContentType.JSON)
                    .body(question)
                    .post("/api/v1/query")
                    .then()
                    .statusCode(200); // warm: cached
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            TritonTestResource.server().tokenDelay(Duration.ofMillis(400));
            List<CompletableFuture<HttpResponse<String>>> open = new ArrayList<>();
            try {
                for (String accept : List.of("application/json", "text/event-stream")) {
                    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        held.add(http.sendAsync(
                                HttpRequest.newBuilder(queryUri)
                                        .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                                        .header("Content-Type", "application/json")
                                        .header("Accept", accept)
                                        .POST(HttpRequest.BodyPublishers.ofString(question))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
                    }
                    open.addAll(held);
                    Thread.sleep(1500); // both admitted and generating (slowly)
                    given().contentType(ContentType.JSON)
                            .header("Accept", accept)
                            .body(question)
                            .post("/api/v1/query")
                            .then()
                            .statusCode(429)
                            .contentType("application/problem+json")
                            .header("Retry-After", equalTo("2"))
                            .body("status", equalTo(429))
                            .body("detail", containsString("in progress"));
                    for (CompletableFuture<HttpResponse<String>> f : held) {
                        assertThat(f.get().statusCode()).as(accept).isEqualTo(200);
                    }
                    // the permits are back
                    given().contentType(ContentType.JSON)
                            .header("Accept", accept)
                            .body(question)
                            .post("/api/v1/query")
                            .then()
                            .statusCode(200);
                }
            } finally {
                TritonTestResource.server().tokenDelay(Duration.ZERO);
                open.forEach(f -> f.cancel(true));
            }
        }
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String big = "{\"question\":\"" + "x".repeat(300 * 1024) + "\",\"collection\":\"c\"}";
        for (String path : List.of("/api/v1/query", "/api/v1/search")) {
            given().contentType(ContentType.JSON)
                    .body(big)
                    .post(path)
                    .then()
                    .statusCode(413)
                    .contentType("application/problem+json")
                    .body("status", equalTo(413))
                    .body("detail", notNullValue());
        }
    }

    @Test
    void openSearchUnreachableIsA503WithRetryAfter() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RestClient rest = RestClient.builder(HttpHost.create("http://127.0.0.1:" + closed))
                .build();
        try {
            QuarkusMock.installMockForType(
                    Searchers.on(
                            new OpenSearchClient(new RestClientTransport(rest, new JacksonJsonpMapper())),
                            rest,
                            embedder,
                            retrieval),
                    ChunkSearcher.class);
            for (String accept : List.of("application/json", "text/event-stream")) {
                given().contentType(ContentType.JSON)
                        .header("Accept", accept)
                        .body("{\"question\":\"q\",\"collection\":\"c\"}")
                        .post("/api/v1/query")
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", notNullValue())
                        .body("status", equalTo(503));
            }
            given().contentType(ContentType.JSON)
                    .body("{\"query\":\"q\",\"collection\":\"c\"}")
                    .post("/api/v1/search")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            rest.close();
        }
    }
}
