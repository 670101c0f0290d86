package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.renvoi.ingest.jobs.JobStatus;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ingest-jobs API as the in-process tests call it (the test's REST Assured port, its default key): submit a job
 * (202 expected), read its status, wait until it is done and its counts are settled.
 */
final class JobsApi {
    private JobsApi() {}

    /** Submits {@code body} and returns the job id of the 202. */
    static String submit(Object body) {
        return accepted(body).extract().path("jobId");
    }

    /** Submits {@code body}, checks the 202 counts {@code total} URLs, and returns the job id. */
    static String submit(Object body, int total) {
        return accepted(body).body("total", equalTo(total)).extract().path("jobId");
    }

    /** {@code POST /api/v1/documents} for one URL (202 expected); returns the job id. */
    static String submitDocument(String url, String collection) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url, "collection", collection))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
    }

    static String submit(String collection, List<String> urls) {
        return submit(Map.of("collection", collection, "urls", urls));
    }

    static String submitSitemap(String collection, String sitemap) {
        return submit(Map.of("collection", collection, "sitemap", sitemap));
    }

    static JobStatus status(String jobId) {
        return given().when()
                .get("/api/v1/ingest-jobs/" + jobId)
                .then()
                .statusCode(200)
                .extract()
                .as(JobStatus.class);
    }

    /**
     * Waits until the job is done and, unless it failed as a whole, every URL is counted once (the counts come from a
     * near-real-time search, so "done" can be seen before the last count).
     */
    static JobStatus awaitDone(String jobId, Duration atMost) {
        JobStatus[] last = new JobStatus[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = status(jobId);
            return last[0].progress().done() && (last[0].error() != null || settled(last[0]));
        });
        return last[0];
    }

    static JobStatus awaitDone(String jobId) {
        return awaitDone(jobId, Duration.ofSeconds(120));
    }

    private static boolean settled(JobStatus s) {
        return s.progress().indexed()
                        + s.progress().failedCount()
                        + s.progress().unchanged()
                == s.progress().total();
    }

    private static ValidatableResponse accepted(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(202);
    }
}
