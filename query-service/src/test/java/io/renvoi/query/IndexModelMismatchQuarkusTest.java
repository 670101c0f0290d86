package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.IndexCreation;
import io.renvoi.common.index.IndexSettings;
import io.renvoi.common.index.VectorIndexOptions;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/**
 * query-service running MiniLM against the test OpenSearch's rag-chunks, made for bge-small-q (the default): as
 * after an upgrade that changed the model without a new index, the other way round. Vector and hybrid searches and
 * questions answer 503 problem+json naming the index's model and what to do; BM25 searches keep working.
 */
@QuarkusTest
@TestProfile(IndexModelMismatchQuarkusTest.MiniLm.class)
@QuarkusTestResource(TritonTestResource.class)
class IndexModelMismatchQuarkusTest {
    /** This service embeds with MiniLM. */
    public static class MiniLm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(EmbeddingModel.CONFIG_KEY, "minilm");
        }
    }

    @Inject
    RestClient openSearch;

    @Inject
    Embedder embedder;

    @Test
    void anIndexMadeForAnotherModelIsRefusedWithWhatToDo() throws Exception {
        assertThat(embedder.model()).isEqualTo(EmbeddingModel.MINILM);
        // the index the other tests use, made for the default model (created here when this test runs first)
        IndexCreation.ensure(
                openSearch,
                ChunkIndex.definition(VectorIndexOptions.DEFAULTS, EmbeddingModel.BGE_SMALL_Q),
                IndexSettings.configured(ChunkIndex.ROLE));

        for (String mode : new String[] {"vector", "hybrid"}) {
            Response r = search(mode);
            assertThat(r.statusCode()).as(mode).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail"))
                    .contains("holds vectors of bge-small-en-v1.5-q/512")
                    .contains("embeds with all-minilm-l6-v2/256")
                    .contains("RENVOI_EMBED_MODEL=bge-small-q");
        }
        assertThat(search("bm25").statusCode()).isEqualTo(200);
        Response answer = given().contentType(ContentType.JSON)
                .body(Map.of("question", "How long is the Arlberg road tunnel?", "collection", "mismatch"))
                .post("/api/v1/query");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.jsonPath().getString("detail")).contains("Changing the model");
    }

    private static Response search(String mode) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", "Arlberg road tunnel", "collection", "mismatch", "mode", mode))
                .post("/api/v1/search");
    }
}
