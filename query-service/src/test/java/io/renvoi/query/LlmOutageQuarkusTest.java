package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.query.llm.TritonLlmGateway;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Triton down: answers are 503 problem+json (JSON and SSE), readiness stays up (TritonAwayQuarkusTest), the circuit breaker opens
 * and then fails calls without reaching the gRPC client; when Triton is back the breaker closes after its
 * delay and answers flow again. Retrieval-only search keeps working meanwhile. Triton failing in the middle
 * of a streamed answer ends the stream with an {@code error} event.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
class LlmOutageQuarkusTest {
    @Inject
    Embedder embedder;

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance breakers;

    @TestHTTPResource("/api/v1/query")
    URI queryUri;

    @Test
    void tritonDownIs503AndTheBreakerOpensThenClosesWhenTritonIsBack() {
        try (LoopbackSite site = LoopbackSite.start()) {
            AnswerPathQuarkusTest.tunnelPage(embedder, site, "qa-outage-" + AnswerPathQuarkusTest.RUN, "/outage");
            String question = awaitAnswerable("qa-outage-" + AnswerPathQuarkusTest.RUN);
            assertThat(breakers.currentState(TritonLlmGateway.BREAKER)).isEqualTo(CircuitBreakerState.CLOSED);

            TritonTestResource.shutdown();
            try {
                // UNAVAILABLE, retried; the breaker may already open during these retries
                unavailable(question, "*/*")
                        .header("Retry-After", "5")
                        .body("detail", containsString("the language model is unavailable"));
                unavailable(question, "text/event-stream").header("Retry-After", "5");
                assertThat(breakers.currentState(TritonLlmGateway.BREAKER)).isEqualTo(CircuitBreakerState.OPEN);

                double calls = registry.counter("renvoi.query.llm.calls").count();
                unavailable(question, "*/*").body("detail", containsString("circuit breaker open"));
                assertThat(registry.counter("renvoi.query.llm.calls").count())
                        .as("no call reached Triton")
                        .isEqualTo(calls);

                given().when().get("/q/health/ready").then().statusCode(200);
                given().contentType(ContentType.JSON)
                        .body("{\"query\":\"Arlberg tunnel\",\"collection\":\"qa-outage-" + AnswerPathQuarkusTest.RUN
                                + "\"}")
                        .post("/api/v1/search")
                        .then()
                        .statusCode(200);
            } finally {
                TritonTestResource.restart();
            }
            awaitAnswered(question);
            assertThat(breakers.currentState(TritonLlmGateway.BREAKER)).isEqualTo(CircuitBreakerState.CLOSED);
            given().when().get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void tritonFailingMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
        try (LoopbackSite site = LoopbackSite.start()) {
            AnswerPathQuarkusTest.tunnelPage(embedder, site, "qa-midstream-" + AnswerPathQuarkusTest.RUN, "/midstream");
            String question = awaitAnswerable("qa-midstream-" + AnswerPathQuarkusTest.RUN);

            TritonTestResource.server().tokenDelay(Duration.ofSeconds(1));
            String body;
            try {
                HttpResponse<Stream<String>> r =
                        QueryStream.ask(queryUri, question, HttpResponse.BodyHandlers.ofLines());
                assertThat(r.statusCode()).isEqualTo(200);
                StringBuilder lines = new StringBuilder();
                boolean[] stopped = {false};
                r.body().forEach(line -> {
                    lines.append(line).append('\n');
                    if (!stopped[0] && line.startsWith("event:") && line.contains("token")) {
                        stopped[0] = true;
                        TritonTestResource.shutdown(); // the running generation ends without its final response
                    }
                });
                body = lines.toString();
            } finally {
                TritonTestResource.restart();
            }
            List<String> names =
                    AnswerPathQuarkusTest.sse(body).stream().map(e -> e[0]).collect(Collectors.toList());
            assertThat(names).startsWith("token").doesNotContain("citations").endsWith("error", "done");
            String error = AnswerPathQuarkusTest.sse(body).stream()
                    .filter(e -> e[0].equals("error"))
                    .findFirst()
                    .orElseThrow()[1];
            assertThat(error).contains("\"status\":503").contains("the answer was interrupted");

            awaitAnswered(question);
        }
    }

    /** The demo question's body for {@code collection}, once query-service answers it with a 200 (chunks visible). */
    private static String awaitAnswerable(String collection) {
        String question =
                "{\"question\":\"" + AnswerPathQuarkusTest.QUESTION + "\",\"collection\":\"" + collection + "\"}";
        awaitAnswered(question);
        return question;
    }

    /** Waits until query-service answers {@code question} (a request body) with a 200. */
    private static void awaitAnswered(String question) {
        AnswerPathQuarkusTest.awaitResponse("/api/v1/query", question, r -> r.statusCode() == 200);
    }

    /** Asks {@code question} (a request body) accepting {@code accept}; expects a 503 problem+json. */
    private static ValidatableResponse unavailable(String question, String accept) {
        return given().contentType(ContentType.JSON)
                .header("Accept", accept)
                .body(question)
                .post("/api/v1/query")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
    }
}
