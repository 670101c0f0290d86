package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.testing.LoopbackSite;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Triton away (triton-local stopped): query-service stays ready, {@code /api/v1/search} answers 200 with hits,
 * {@code /api/v1/query} answers 503 problem+json; the dependency state shows in {@code /q/health/well} and in the
 * {@code renvoi_dependency_up} gauge. Kafka is no readiness check either, only a wellness one.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
class TritonAwayQuarkusTest {
    @Inject
    Embedder embedder;

    @Test
    void withTritonStoppedTheServiceStaysReadyAndSearchesButRefusesAnswersWith503() {
        String collection = "qa-away-" + AnswerPathQuarkusTest.RUN;
        try (LoopbackSite site = LoopbackSite.start()) {
            AnswerPathQuarkusTest.tunnelPage(embedder, site, collection, "/away");
            String search = "{\"query\":\"Arlberg tunnel\",\"collection\":\"" + collection + "\"}";
            AnswerPathQuarkusTest.awaitResponse(
                    "/api/v1/search", search, r -> !r.jsonPath().getList("hits").isEmpty());
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.name", not(hasItem("triton")))
                    .body("checks.name", not(hasItem(containsString("Kafka"))));
            given().get("/q/health/well").then().body("checks.name", hasItem("kafka"));

            TritonTestResource.shutdown();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(metrics()).matches(gauge("triton", "0.0")));
                given().get("/q/health/well")
                        .then()
                        .statusCode(503)
                        .body("checks.find { it.name == 'triton' }.status", org.hamcrest.Matchers.is("DOWN"))
                        .body("checks.find { it.name == 'kafka' }.status", org.hamcrest.Matchers.is("UP"));
                assertThat(metrics()).matches(gauge("kafka", "1.0"));

                given().get("/q/health/ready").then().statusCode(200).body("status", org.hamcrest.Matchers.is("UP"));
                given().contentType(ContentType.JSON)
                        .body(search)
                        .post("/api/v1/search")
                        .then()
                        .statusCode(200)
                        .body("hits.size()", greaterThan(0));
                given().contentType(ContentType.JSON)
                        .body("{\"question\":\"" + AnswerPathQuarkusTest.QUESTION + "\",\"collection\":\"" + collection
                                + "\"}")
                        .post("/api/v1/query")
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .body("status", org.hamcrest.Matchers.is(503))
                        .body("detail", containsString("the language model is unavailable"));
            } finally {
                TritonTestResource.restart();
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(metrics()).matches(gauge("triton", "1.0")));
            // and answers again once the breaker closes: the tests after this one find the service as it was
            AnswerPathQuarkusTest.awaitResponse(
                    "/api/v1/query",
                    "{\"question\":\"" + AnswerPathQuarkusTest.QUESTION + "\",\"collection\":\"" + collection + "\"}",
                    r -> r.statusCode() == 200);
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The whole scrape, as a pattern that holds when the gauge of {@code dependency} has {@code value}. */
    private static Pattern gauge(String dependency, String value) {
        return Pattern.compile("(?s).*\\nrenvoi_dependency_up\\{[^}]*dependency=\"" + dependency + "\"[^}]*\\} "
                + Pattern.quote(value) + "\\n.*");
    }
}
