package io.renvoi.query.retrieval;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.query.ChunkFixture;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensearch.client.RestClient;

/**
 * {@code POST /api/v1/search} on the real test OpenSearch, with chunks written to rag-chunks through the
 * real embedder: hybrid retrieval gets right both a query that needs an exact identifier and one that needs
 * the meaning, where BM25 and the vector alone each get one wrong; collections are isolated, also in kNN
 * and without starving the results; URL-prefix and indexed-after filters; diversity; per-request fusion.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchQuarkusTest {
    /** Unique per run: the test OpenSearch keeps its data between runs. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private final String docs = "docs-" + run;
    private final String other = "other-" + run;
    private final String crowded = "crowded-" + run;
    private final String sites = "sites-" + run;
    private final String dated = "dated-" + run;
    private final String long_ = "long-" + run;

    private static final String KEYWORD_QUERY = "ZX-4471 message at startup";
    private static final String KEYWORD_DOC = "http://docs.test/release-notes";
    private static final String MEANING_QUERY = "how do I stop my laptop from getting too hot";
    private static final String MEANING_DOC = "http://docs.test/cooling";

    @Inject
    RestClient openSearch;

    @Inject
    Embedder embedder;

    @BeforeAll
    void fixture() throws IOException {
        ChunkFixture f = new ChunkFixture(openSearch, embedder);
        // The keyword query: only the release notes carry the identifier, in a text about other things; the
        // boot-notices page is closer in meaning but shares no word with the query.
        f.doc(
                docs,
                KEYWORD_DOC,
                "Release notes 8.2",
                "Version 8.2 improves the dashboard colours, speeds up report exports and adds Danish translations. "
                        + "It also removes a spurious ZX-4471 warning.");
        f.doc(
                docs,
                "http://docs.test/boot-notices",
                "Boot notices",
                "Error notices during boot: what each notice shown while the system boots means and what clears it.");
        f.doc(
                docs,
                "http://docs.test/power-on",
                "Power-on warnings",
                "Warnings displayed when the device powers on, and what each warning means.");
        // The meaning query: the cooling page shares a few words with it and is the closest in meaning; the spam
        // page shares most of its words but not its sense; the fan page is close in meaning, shares no word.
        f.doc(
                docs,
                MEANING_DOC,
                "Cooling",
                "Is your laptop getting hot? Clean the fans, keep the vents clear of blankets and renew the thermal paste.");
        f.doc(docs, "http://docs.test/fans", "Fans", "Fan noise and heat in portable computers.");
        f.doc(
                docs,
                "http://docs.test/spam",
                "Spam",
                "Stop getting spam: how do I stop my inbox from getting too much mail?");
        f.doc(docs, "http://docs.test/gardening", "Gardening", "Tomatoes need sun, water and a stake to grow tall.");
        // Isolation: another collection holds the exact text of the keyword query and of the release notes.
        f.doc(
                other,
                "http://other.test/copy",
                "Copy",
                KEYWORD_QUERY + ": version 8.2 removes a spurious ZX-4471 warning.");
        // Starvation: 120 chunks of another collection closer to the query than anything in ours.
        for (int i = 0; i < 120; i++) {
            f.doc(
                    crowded,
                    "http://crowded.test/" + i,
                    "Solar " + i,
                    "Solar panels on the roof of house number " + i + " make power.");
        }
        f.doc(other, "http://other.test/sun", "Sun", "Photovoltaic modules convert sunlight into electricity.");
        f.doc(other, "http://other.test/wind", "Wind", "Wind turbines turn moving air into electricity.");
        // Filters.
        f.doc(sites, "http://a.test/guide/install", "Install", "Install the server with the package manager.");
        f.doc(sites, "http://a.test/blog/install", "Blog", "We installed the server with the package manager.");
        f.doc(
                sites,
                "http://b.test/guide/install",
                "Install elsewhere",
                "Install the server with the package manager here too.");
        f.doc(
                dated,
                "http://dated.test/old",
                "Old",
                Instant.parse("2020-01-01T00:00:00Z"),
                "Rotate the encryption keys every year.");
        f.doc(
                dated,
                "http://dated.test/new",
                "New",
                Instant.parse("2026-06-01T00:00:00Z"),
                "Rotate the encryption keys every month.");
        // Diversity: one long document matching in five chunks, two short ones.
        f.doc(
                long_,
                "http://long.test/big",
                "Big",
                "Espresso needs finely ground coffee.",
                "Espresso machines push hot water through coffee.",
                "An espresso shot takes 25 seconds of coffee extraction.",
                "Espresso coffee beans are roasted dark.",
                "Crema tops a good espresso coffee.");
        f.doc(long_, "http://long.test/small", "Small", "Filter coffee drips slowly through paper.");
        f.doc(long_, "http://long.test/tea", "Tea", "Green tea steeps for two minutes.");
        f.write();
    }

    @Test
    void hybridGetsBothTheKeywordAndTheMeaningQueryRightWhereEachModeAloneMissesOne() {
        assertThat(top(KEYWORD_QUERY, "bm25")).isEqualTo(KEYWORD_DOC);
        assertThat(top(KEYWORD_QUERY, "vector")).isNotEqualTo(KEYWORD_DOC);
        assertThat(top(MEANING_QUERY, "vector")).isEqualTo(MEANING_DOC);
        assertThat(top(MEANING_QUERY, "bm25")).isNotEqualTo(MEANING_DOC);

        assertThat(top(KEYWORD_QUERY, "hybrid")).isEqualTo(KEYWORD_DOC);
        assertThat(top(MEANING_QUERY, "hybrid")).isEqualTo(MEANING_DOC);
        for (String method : List.of("rrf", "linear")) {
            for (String query : List.of(KEYWORD_QUERY, MEANING_QUERY)) {
                Map<String, Object> body = body(query, docs, "hybrid", 5);
                body.put("fusion", Map.of("method", method));
                assertThat(urls(body).get(0))
                        .as(method + " " + query)
                        .isEqualTo(query.equals(KEYWORD_QUERY) ? KEYWORD_DOC : MEANING_DOC);
            }
        }
    }

    @Test
    void fusionWeightsCanBeOverriddenPerRequest() {
        // With the vector list weighted out, hybrid follows BM25 and misses the paraphrase.
        Map<String, Object> body = body(MEANING_QUERY, docs, "hybrid", 5);
        body.put("fusion", Map.of("vectorWeight", 0.0));
        assertThat(urls(body).get(0)).isNotEqualTo(MEANING_DOC);
        body.put("fusion", Map.of("bm25Weight", 0.0, "rankConstant", 10));
        assertThat(urls(body).get(0)).isEqualTo(MEANING_DOC);
    }

    @Test
    void aDocumentOfOneCollectionNeverReachesASearchOfAnother() {
        for (String mode : List.of("hybrid", "vector", "bm25")) {
            List<String> urls = urls(body(KEYWORD_QUERY, docs, mode, 50));
            assertThat(urls).as(mode).isNotEmpty().allMatch(u -> u.startsWith("http://docs.test/"));
        }
        List<String> fromOther = urls(body(KEYWORD_QUERY, other, "vector", 50));
        assertThat(fromOther).isNotEmpty().noneMatch(u -> u.startsWith("http://docs.test/"));
    }

    @Test
    void theCollectionFilterIsInsideTheKnnQuerySoCloserChunksElsewhereDoNotStarveTheResults() {
        // 120 chunks of "crowded" are nearer to the query than both of "other": a filter applied after the
        // kNN search would find nothing of "other" among the nearest neighbours it keeps (knn-candidates, 100).
        List<String> urls = urls(body("solar panels on the roof", other, "vector", 2));
        assertThat(urls)
                .hasSize(2)
                .contains("http://other.test/sun")
                .noneMatch(u -> u.startsWith("http://crowded.test/"));
    }

    @Test
    void severalCollectionsAreSearchedTogether() {
        Map<String, Object> body = body(KEYWORD_QUERY, null, "bm25", 50);
        body.put("collections", List.of(docs, other));
        assertThat(urls(body)).contains(KEYWORD_DOC, "http://other.test/copy");
    }

    @Test
    void theUrlPrefixFilterKeepsOneSiteOrSection() {
        for (String mode : List.of("hybrid", "vector", "bm25")) {
            Map<String, Object> body = body("install the server", sites, mode, 10);
            body.put("filters", Map.of("urlPrefix", "HTTP://A.test/guide/"));
            assertThat(urls(body)).as(mode).containsExactly("http://a.test/guide/install");
            body.put("filters", Map.of("urlPrefix", "http://a.test/"));
            assertThat(urls(body))
                    .as(mode)
                    .containsExactlyInAnyOrder("http://a.test/guide/install", "http://a.test/blog/install");
        }
    }

    @Test
    void theIndexedAfterFilterKeepsRecentChunks() {
        for (String after : List.of(
                "2025-01-01",
                "2025-01-01T00:00:00Z",
                String.valueOf(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli()))) {
            for (String mode : List.of("hybrid", "vector", "bm25")) {
                Map<String, Object> body = body("rotate encryption keys", dated, mode, 10);
                body.put("filters", Map.of("indexedAfter", after));
                assertThat(urls(body)).as(mode + " " + after).containsExactly("http://dated.test/new");
            }
        }
        assertThat(urls(body("rotate encryption keys", dated, "hybrid", 10))).hasSize(2);
    }

    @Test
    void diversityLimitsTheChunksOfOneDocument() {
        List<String> plain = urls(body("espresso coffee", long_, "hybrid", 3));
        assertThat(plain).containsOnly("http://long.test/big");

        Map<String, Object> body = body("espresso coffee", long_, "hybrid", 3);
        body.put("maxPerDocument", 1);
        assertThat(urls(body)).hasSize(3).doesNotHaveDuplicates().startsWith("http://long.test/big");
        body.put("maxPerDocument", 2);
        body.put("mode", "bm25");
        assertThat(urls(body))
                .hasSize(3)
                .filteredOn("http://long.test/big"::equals)
                .hasSize(2);
    }

    @Test
    void hitsCarryReferencesAndScores() {
        given().contentType(ContentType.JSON)
                .body(body(KEYWORD_QUERY, docs, "hybrid", 1))
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .body("hits[0].url", org.hamcrest.Matchers.equalTo(KEYWORD_DOC))
                .body("hits[0].title", org.hamcrest.Matchers.equalTo("Release notes 8.2"))
                .body("hits[0].ord", org.hamcrest.Matchers.equalTo(0))
                .body("hits[0].start", org.hamcrest.Matchers.equalTo(0))
                .body("hits[0].end", org.hamcrest.Matchers.greaterThan(100))
                .body("hits[0].docId", org.hamcrest.Matchers.notNullValue())
                .body("hits[0].score", org.hamcrest.Matchers.greaterThan(0f));
    }

    @Test
    void anEmptyCollectionGivesNoHits() {
        assertThat(urls(body("anything", "nothing-here-" + run, "hybrid", 5))).isEmpty();
    }

    @Test
    void badInputIsA400ProblemWithADetail() {
        bad(Map.of("query", "x", "mode", "fuzzy"), "mode must be one of hybrid, vector, bm25");
        bad(Map.of("query", "x", "k", 0), "k must be between 1 and 50");
        bad(Map.of("query", "x", "k", 51), "k must be between 1 and 50");
        bad(Map.of("query", " "), "query is required");
        bad(Map.of("query", "x".repeat(2001)), "query is longer than 2000 characters");
        bad(Map.of("query", "x", "collection", "Bad Name"), "collection must be 1-64 lowercase");
        bad(Map.of("query", "x", "collections", List.of("ok", "no_underscore")), "collections[1]");
        bad(Map.of("query", "x", "collections", List.of()), "at least one collection");
        bad(Map.of("query", "x", "collection", "a", "collections", List.of("b")), "either collection or collections");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) many.add("c" + i);
        bad(Map.of("query", "x", "collections", many), "at most 20 collections");
        bad(
                Map.of("query", "x", "filters", Map.of("indexedAfter", "yesterday")),
                "filters.indexedAfter must be an ISO-8601 date");
        bad(Map.of("query", "x", "filters", Map.of("indexedAfter", "2026-13-45")), "filters.indexedAfter");
        bad(
                Map.of("query", "x", "filters", Map.of("indexedAfter", "+999999999-01-01T00:00:00Z")),
                "between 1970-01-01 and 9999-12-31");
        bad(
                Map.of("query", "x", "filters", Map.of("urlPrefix", "ftp://a.test/")),
                "filters.urlPrefix must start with http://");
        bad(Map.of("query", "x", "maxPerDocument", -1), "maxPerDocument must be between 0");
        bad(Map.of("query", "x", "fusion", Map.of("vectorWeight", 0, "bm25Weight", 0)), "must not both be 0");
        bad(Map.of("query", "x", "fusion", Map.of("rankConstant", -1)), "fusion.rankConstant");
        bad(Map.of("query", "x", "fusion", Map.of("method", "max")), "fusion.method must be rrf or linear");
        bad(Map.of("query", "x", "k", "ten"), "invalid value for field 'k'");
        given().contentType(ContentType.JSON)
                .body("{\"query\": ")
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private void bad(Map<String, Object> body, String detail) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    private String top(String query, String mode) {
        List<String> urls = urls(body(query, docs, mode, 5));
        assertThat(urls).as(mode + " " + query).isNotEmpty();
        return urls.get(0);
    }

    private static Map<String, Object> body(String query, String collection, String mode, int k) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("query", query);
        if (collection != null) body.put("collection", collection);
        body.put("mode", mode);
        body.put("k", k);
        return body;
    }

    private static List<String> urls(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath()
                .getList("hits.url", String.class);
    }
}
