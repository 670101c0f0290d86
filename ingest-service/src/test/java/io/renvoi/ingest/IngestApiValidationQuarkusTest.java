package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every invalid request gets a 4xx application/problem+json with a useful detail; none a 500. */
@QuarkusTest
class IngestApiValidationQuarkusTest {
    private static final String PROBLEM = "application/problem+json";

    private void expect(Object body, int status, String detail) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(status)
                .contentType(PROBLEM)
                .body("detail", containsString(detail));
    }

    @Test
    void badCollectionsUrlsAndShapes() {
        expect(Map.of("collection", "Bad Name", "urls", List.of("http://127.0.0.1/")), 400, "collection must be");
        expect(Map.of("urls", List.of("http://127.0.0.1/")), 400, "collection is required");
        expect(
                Map.of("collection", "c", "urls", List.of("http://127.0.0.1/a", "ftp://x/")),
                400,
                "urls[1]: only http and https");
        expect(Map.of("collection", "c", "urls", List.of("http://user:pw@127.0.0.1/")), 400, "credentials");
        String longLabel = "http://" + "a".repeat(64) + ".example.org/";
        expect(Map.of("collection", "c", "urls", List.of(longLabel)), 400, "urls[0]: url host is not a valid name");
        given().contentType(ContentType.JSON)
                .body(Map.of("collection", "c", "url", longLabel))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        given().queryParam("url", longLabel)
                .queryParam("collection", "c")
                .when()
                .delete("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        expect(Map.of("collection", "c"), 400, "exactly one of 'urls'");
        expect(
                Map.of("collection", "c", "urls", List.of(), "sitemap", "http://127.0.0.1/s.xml"),
                400,
                "exactly one of");
        expect(Map.of("collection", "c", "urls", List.of()), 400, "urls is empty");
        expect("{\"collection\": \"c\", \"urls\": \"http://x/\"}", 400, "urls");
        expect("{\"collection\": ", 400, "not valid JSON");
        expect("[1, 2]", 400, "");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) many.add("http://127.0.0.1/p" + i);
        expect(Map.of("collection", "c", "urls", many), 400, "at most 10000 URLs");
    }

    @Test
    void aSitemapThatIsNotAUrlIsAClientErrorAndOneThatCannotBeReadFailsItsJob() {
        expect(Map.of("collection", "c", "sitemap", "gopher://x/"), 400, "sitemap: only http and https");
        // read off the HTTP thread: 202 at once, then the job fails with the reason (127.0.0.9 is not allow-listed)
        String jobId = JobsApi.submit(Map.of("collection", "c", "sitemap", "http://127.0.0.9:9/sitemap.xml"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(given().when()
                        .get("/api/v1/ingest-jobs/" + jobId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("done")));
        given().when()
                .get("/api/v1/ingest-jobs/" + jobId)
                .then()
                .statusCode(200)
                .body("error", containsString("sitemap-unreadable"))
                .body("error", containsString("private-address"));
    }

    @Test
    void oversizedBodyIs413ProblemJson() {
        String big = "{\"collection\": \"c\", \"urls\": [\"" + "a".repeat(9 * 1024 * 1024) + "\"]}";
        given().contentType(ContentType.JSON)
                .body(big)
                .when()
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("detail", containsString("larger than"));
    }

    @Test
    void unknownJobsAndMethods() {
        given().when()
                .get("/api/v1/ingest-jobs/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().when().get("/api/v1/ingest-jobs/../../etc").then().statusCode(404);
        given().when()
                .get("/api/v1/ingest-jobs/" + "x".repeat(300))
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().contentType(ContentType.TEXT)
                .body("hello")
                .when()
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(415)
                .contentType(PROBLEM);
        given().when()
                .delete("/api/v1/documents?url=notaurl&collection=c")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400));
    }
}
