package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.outage.TransientFailures;
import org.junit.jupiter.api.Test;

/**
 * A new index declares the model it is made for, with that model's byte scale; an index of an older release (no
 * declaration) counts as MiniLM's; a service running another model is refused with what to do, as an outage (waited
 * out, never dead-lettered).
 */
class IndexModelTest {
    private static JsonNode mappings(String json) throws Exception {
        return JsonMapper.shared().readTree(json).path("mappings");
    }

    @Test
    void aNewIndexDeclaresItsModel() throws Exception {
        for (EmbeddingModel model : EmbeddingModel.all()) {
            JsonNode mappings = mappings(
                    ChunkIndex.mappingJson(VectorIndexOptions.DEFAULTS.withByteScale(model.byteScale()), model));
            assertThat(IndexModel.declared(mappings)).isEqualTo(model.version());
            IndexModel.require("rag-chunks-v2", mappings, model); // accepted
        }
        // the resource as it is: the default model with its scale
        JsonNode resource = mappings(ChunkIndex.mappingJson());
        assertThat(IndexModel.declared(resource)).isEqualTo(EmbeddingModel.DEFAULT.version());
        assertThat(VectorFormat.of(resource))
                .isEqualTo(VectorFormat.bytes(new ByteQuantizer(EmbeddingModel.DEFAULT.byteScale())));
    }

    @Test
    void anIndexOfAnOlderReleaseHoldsMiniLmsVectorsAndAnotherModelIsRefused() throws Exception {
        // the _meta of an index made by the release before the declaration (MiniLM's scale)
        JsonNode older = JsonMapper.shared()
                .readTree("{\"_meta\":{\"vectors\":{\"encoding\":\"BYTE\",\"byte_scale\":639.0}},"
                        + "\"properties\":{\"vector\":{\"data_type\":\"BYTE\"}}}");
        assertThat(IndexModel.declared(older)).isEqualTo(EmbeddingModel.MINILM.version());
        IndexModel.require("rag-chunks-v2", older, EmbeddingModel.MINILM);
        assertThatThrownBy(() -> IndexModel.require("rag-chunks-v2", older, EmbeddingModel.BGE_SMALL_Q))
                .isInstanceOfSatisfying(IndexModelMismatchException.class, e -> {
                    assertThat(e.index()).isEqualTo("rag-chunks-v2");
                    assertThat(e.indexModel()).isEqualTo("all-minilm-l6-v2/256");
                })
                .hasMessageContaining("index rag-chunks-v2 holds vectors of all-minilm-l6-v2/256")
                .hasMessageContaining("embeds with bge-small-en-v1.5-q/512")
                .hasMessageContaining("Changing the model")
                .hasMessageContaining("RENVOI_EMBED_MODEL=minilm");
        // rag-chunks-v1 had no _meta at all
        JsonNode v1 = JsonMapper.shared().readTree("{\"properties\":{\"vector\":{\"type\":\"knn_vector\"}}}");
        assertThatThrownBy(() -> IndexModel.require("rag-chunks-v1", v1, EmbeddingModel.E5_SMALL_Q))
                .isInstanceOf(IndexModelMismatchException.class);
    }

    @Test
    void aMismatchIsWaitedOutLikeAnOutageNeverDeadLettered() {
        // embed-service retries a batch whose failure is transient and dead-letters the others (BatchWriteRetries)
        assertThat(TransientFailures.isTransient(new IndexModelMismatchException(
                        "rag-chunks-v2", "all-minilm-l6-v2/256", EmbeddingModel.BGE_SMALL_Q)))
                .isTrue();
    }

    @Test
    void aModelNoLongerKnownIsNamedWithoutAHint() throws Exception {
        JsonNode other = mappings("{\"mappings\":{\"_meta\":{\"vectors\":{\"embedding_version\":\"gte-small/512\"}}}}");
        assertThatThrownBy(() -> IndexModel.require("rag-chunks-v3", other, EmbeddingModel.MINILM))
                .hasMessageContaining("holds vectors of gte-small/512")
                .hasMessageNotContaining("RENVOI_EMBED_MODEL=");
    }
}
