package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/ingest-jobs}: the newest jobs first, with their counts, only of the collections the key may
 * use (exact and prefix), one collection on request (403 for another's), and 400 problem+json on bad parameters;
 * on the real test Kafka and OpenSearch with access control on.
 */
@QuarkusTest
class RecentJobsQuarkusTest extends OnMixedSite {

    @Test
    void aKeyListsTheNewestJobsOfItsCollectionsOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8); // the test OpenSearch keeps earlier runs' jobs
        String a = "rj-a-" + run;
        String b = "rj-b-" + run;
        String x = "rj-team-" + run + "-x";
        String a1 = job(TestKeys.ADMIN, a, site.base() + "/gone/rj1");
        String other = job(TestKeys.ADMIN, b, site.base() + "/gone/rj2");
        String team = job(TestKeys.ADMIN, x, site.base() + "/gone/rj3");
        String a2 = job(TestKeys.ADMIN, a, site.base() + "/gone/rj4");
        String key = given().contentType(ContentType.JSON)
                .body("{\"name\":\"rj\",\"collections\":[\"" + a + "\",\"rj-team-" + run
                        + "-*\"],\"scopes\":[\"ingest\"]}")
                .post("/api/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");

        JsonPath mine = list(key, Map.of("limit", "100"));
        List<String> ids = mine.getList("jobs.jobId");
        assertThat(ids).containsExactlyInAnyOrder(a1, a2, team); // not the other collection's job
        assertThat(mine.getList("jobs.collection", String.class))
                .allMatch(c -> c.equals(a) || c.startsWith("rj-team-" + run + "-"));
        List<Long> created = mine.getList("jobs.createdAt", Long.class);
        List<Long> sorted = new ArrayList<>(created);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertThat(created).as("newest first").isEqualTo(sorted);

        JsonPath onlyA = list(key, Map.of("collection", a));
        assertThat(onlyA.getList("jobs.jobId")).containsExactlyInAnyOrder(a1, a2);
        JsonPath newest = list(key, Map.of("collection", a, "limit", "1"));
        assertThat(newest.getList("jobs.jobId")).hasSize(1);
        assertThat(newest.getLong("jobs[0].createdAt")).isEqualTo(onlyA.getLong("jobs[0].createdAt"));
        assertThat(list(TestKeys.ADMIN, Map.of("collection", b)).getList("jobs.jobId"))
                .containsExactly(other);

        // the counts follow the job: its one page answers 404, so it ends failed and done
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath p = list(key, Map.of("collection", x));
            assertThat(p.getList("jobs.jobId")).containsExactly(team);
            assertThat(p.getInt("jobs[0].total")).isEqualTo(1);
            assertThat(p.getInt("jobs[0].failedCount")).isEqualTo(1);
            assertThat(p.getInt("jobs[0].queued")).isZero();
            assertThat(p.getBoolean("jobs[0].done")).isTrue();
        });

        given().header("Authorization", TestKeys.bearer(key))
                .queryParam("collection", b)
                .get("/api/v1/ingest-jobs")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void badParametersAre400ProblemJson() {
        for (String bad : List.of("limit=0", "limit=101", "limit=ten", "collection=Not%20A%20Name", "collection=-x")) {
            io.restassured.response.Response r =
                    given().urlEncodingEnabled(false).get("/api/v1/ingest-jobs?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
        }
        // a collection with no job lists none
        assertThat(list(TestKeys.ADMIN, Map.of("collection", "rj-never")).getList("jobs"))
                .isEmpty();
    }

    private static String job(String key, String collection, String url) {
        return given().header("Authorization", TestKeys.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("collection", collection, "urls", List.of(url)))
                .post("/api/v1/ingest-jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
    }

    private static JsonPath list(String key, Map<String, String> params) {
        return given().header("Authorization", TestKeys.bearer(key))
                .queryParams(params)
                .get("/api/v1/ingest-jobs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
