package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * The upgrade to bge-small-q as the default on the suites' real OpenSearch: an index made by an older release
 * (MiniLM's byte scale, no model declared) is refused to a bge-small-q service and served to a MiniLM one; the
 * documented ways out are followed (an index made for the model behind the alias, or the declaration of an older
 * index's model with {@code PUT _mapping}).
 */
class CurrentVectorFormatTest {
    private final String alias =
            "rag-chunks-model-" + UUID.randomUUID().toString().substring(0, 8);
    private RestClient client;

    @BeforeEach
    void connect() {
        client = TestServers.openSearchClient();
    }

    @AfterEach
    void cleanUp() throws IOException {
        client.performRequest(new Request("DELETE", "/" + alias + "-*"));
        client.close();
    }

    private CurrentVectorFormat format(EmbeddingModel model) {
        return new CurrentVectorFormat(client, alias, Duration.ZERO, model);
    }

    private void create(String index, String body) throws IOException {
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity(body);
        client.performRequest(create);
    }

    @Test
    void anOlderMiniLmIndexIsRefusedToBgeUntilTheAliasPointsAtAnIndexForIt() throws Exception {
        // as the release before the declaration made it: MiniLM's scale, _meta without embedding_version
        ObjectNode older = (ObjectNode) JsonMapper.shared()
                .readTree(ChunkIndex.mappingJson(
                        VectorIndexOptions.DEFAULTS.withByteScale(VectorIndexOptions.MINILM_BYTE_SCALE),
                        EmbeddingModel.MINILM));
        ((ObjectNode) older.at("/mappings/_meta/vectors")).remove(IndexModel.META_FIELD);
        create(alias + "-v2", older.toString());
        client.performRequest(new Request("PUT", "/" + alias + "-v2/_alias/" + alias));

        assertThat(format(EmbeddingModel.MINILM).get())
                .isEqualTo(VectorFormat.bytes(new ByteQuantizer(VectorIndexOptions.MINILM_BYTE_SCALE)));
        CurrentVectorFormat bge = format(EmbeddingModel.BGE_SMALL_Q);
        for (int i = 0; i < 2; i++) { // refused on every read, not once
            assertThatThrownBy(bge::get)
                    .isInstanceOf(IndexModelMismatchException.class)
                    .hasMessageContaining(alias + "-v2 holds vectors of all-minilm-l6-v2/256")
                    .hasMessageContaining("RENVOI_EMBED_MODEL=minilm");
        }

        // the alias procedure: a new index made for bge-small-q, then the switch
        create(
                alias + "-v3",
                ChunkIndex.mappingJson(
                        VectorIndexOptions.DEFAULTS.withByteScale(EmbeddingModel.BGE_SMALL_Q.byteScale()),
                        EmbeddingModel.BGE_SMALL_Q));
        Request swap = new Request("POST", "/_aliases");
        swap.setJsonEntity("{\"actions\":[{\"remove\":{\"index\":\"" + alias + "-v2\",\"alias\":\"" + alias
                + "\"}},{\"add\":{\"index\":\"" + alias + "-v3\",\"alias\":\"" + alias + "\"}}]}");
        client.performRequest(swap);
        assertThat(bge.get()).isEqualTo(VectorFormat.bytes(new ByteQuantizer(292f)));
        assertThatThrownBy(() -> format(EmbeddingModel.MINILM).get())
                .isInstanceOf(IndexModelMismatchException.class)
                .hasMessageContaining("RENVOI_EMBED_MODEL=bge-small-q");
    }

    @Test
    void anOlderIndexBuiltForAnotherModelIsDeclaredWithPutMapping() throws Exception {
        ObjectNode older = (ObjectNode) JsonMapper.shared()
                .readTree(ChunkIndex.mappingJson(
                        VectorIndexOptions.DEFAULTS.withByteScale(292f), EmbeddingModel.BGE_SMALL_Q));
        ((ObjectNode) older.at("/mappings/_meta/vectors")).remove(IndexModel.META_FIELD);
        create(alias + "-v2", older.toString());
        client.performRequest(new Request("PUT", "/" + alias + "-v2/_alias/" + alias));
        assertThatThrownBy(() -> format(EmbeddingModel.BGE_SMALL_Q).get())
                .isInstanceOf(IndexModelMismatchException.class);

        // the command of embed-service/README.md, "Changing the model"
        Request declare = new Request("PUT", "/" + alias + "-v2/_mapping");
        declare.setJsonEntity("{\"_meta\":{\"vectors\":{\"embedding_version\":\"bge-small-en-v1.5-q/512\","
                + "\"encoding\":\"BYTE\",\"byte_scale\":292.0}}}");
        client.performRequest(declare);
        assertThat(format(EmbeddingModel.BGE_SMALL_Q).get()).isEqualTo(VectorFormat.bytes(new ByteQuantizer(292f)));
    }

    @Test
    void noIndexYetReadsAsFloatForAnyModel() throws Exception {
        assertThat(format(EmbeddingModel.BGE_SMALL_Q).get()).isEqualTo(VectorFormat.FLOAT);
    }
}
