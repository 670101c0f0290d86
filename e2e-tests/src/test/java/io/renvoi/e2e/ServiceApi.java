package io.renvoi.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;

/**
 * The {@code /api/v1} calls the end-to-end suites make of ingest-service and query-service, each checked for the
 * status it must answer: ingest one URL or a job of URLs into a collection, read a job's status, search, ask.
 * Sends the requests with RestAssured (which adds the admin key, {@link E2eKeys}) and reads their answers.
 */
final class ServiceApi {
    private ServiceApi() {}

    /** POST /api/v1/documents: {@code url} into {@code collection}, answered 202; the answer, for more checks. */
    static ValidatableResponse ingestUrl(ServiceProcess ingest, String collection, String url) {
        return postJson(ingest.url("/api/v1/documents"), Map.of("url", url, "collection", collection), 202);
    }

    /** POST /api/v1/ingest-jobs: a job for {@code urls} in {@code collection}, answered 202; the job's id. */
    static String submitJob(ServiceProcess ingest, String collection, List<String> urls) {
        return postJson(ingest.url("/api/v1/ingest-jobs"), Map.of("collection", collection, "urls", urls), 202)
                .extract()
                .path("jobId");
    }

    /** GET /api/v1/ingest-jobs/{id}, answered 200: the job's status fields. */
    static Map<String, Object> jobStatus(ServiceProcess ingest, String jobId) {
        return given().get(ingest.url("/api/v1/ingest-jobs/" + jobId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** POST /api/v1/search: the {@code k} best hits for {@code q} in {@code collection}, answered 200. */
    static JsonPath search(ServiceProcess query, String collection, String q, int k) {
        return postJson(query.url("/api/v1/search"), Map.of("query", q, "collection", collection, "k", k), 200)
                .extract()
                .jsonPath();
    }

    /** POST /api/v1/query: the answer to {@code question} from {@code collection}, answered 200. */
    static JsonPath ask(ServiceProcess query, String collection, String question) {
        return answer(query, Map.of("question", question, "collection", collection));
    }

    /** {@link #ask(ServiceProcess, String, String)} from the {@code k} best passages. */
    static JsonPath ask(ServiceProcess query, String collection, String question, int k) {
        return answer(query, Map.of("question", question, "collection", collection, "k", k));
    }

    /** POSTs {@code body} as JSON to {@code url} and checks the answer's status; the answer, for more checks. */
    static ValidatableResponse postJson(String url, Object body, int status) {
        return given().contentType("application/json")
                .body(body)
                .post(url)
                .then()
                .statusCode(status);
    }

    private static JsonPath answer(ServiceProcess query, Map<String, Object> body) {
        return postJson(query.url("/api/v1/query"), body, 200).extract().jsonPath();
    }
}
