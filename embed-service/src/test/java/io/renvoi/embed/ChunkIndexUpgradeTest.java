package io.renvoi.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.IndexCreation;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.ScratchIndex;
import java.io.IOException;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/**
 * A chunk index made by an older release (strict mapping, without {@code embedding_version}) on the real
 * test OpenSearch: the start-up creation step adds the missing field and leaves the fields it has, HNSW
 * options included, as they were, so this release's writes are accepted.
 */
class ChunkIndexUpgradeTest {
    @RegisterExtension
    final ScratchIndex scratch = new ScratchIndex("rag-chunks-upgrade");

    private final String index = scratch.name();

    @Test
    void anOlderIndexGetsTheNewFieldsAndKeepsItsOwn() throws IOException {
        VectorIndexOptions older = VectorIndexOptions.DEFAULTS.withEfConstruction(64);
        ObjectNode olderMapping = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson(older));
        ((ObjectNode) olderMapping.at("/mappings/properties")).remove(ChunkIndex.EMBEDDING_VERSION);
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity(olderMapping.toString());
        scratch.client().performRequest(create);
        // as it stands, the strict mapping refuses this release's chunks
        assertThatThrownBy(() -> scratch.client().performRequest(write()))
                .isInstanceOf(ResponseException.class)
                .hasMessageContaining("strict_dynamic_mapping_exception");

        String current = ChunkIndex.mappingJson(VectorIndexOptions.DEFAULTS);
        assertThat(IndexCreation.createIfMissing(scratch.client(), index, current))
                .isFalse();
        assertThat(IndexCreation.addMissingFields(scratch.client(), index, current))
                .isEmpty(); // nothing left to add

        JsonNode properties = mapping().path("properties");
        assertThat(properties.path(ChunkIndex.EMBEDDING_VERSION).path("type").asText())
                .isEqualTo("keyword");
        assertThat(properties.at("/vector/method/parameters/ef_construction").asInt())
                .isEqualTo(64);
        assertThat(scratch.client().performRequest(write()).getStatusLine().getStatusCode())
                .isEqualTo(201);
        Request count = new Request("POST", "/" + index + "/_count");
        count.setJsonEntity("{\"query\":{\"term\":{\"" + ChunkIndex.EMBEDDING_VERSION + "\":\""
                + Embedder.EMBEDDING_VERSION + "\"}}}");
        assertThat(JsonMapper.shared()
                        .readTree(EntityUtils.toString(
                                scratch.client().performRequest(count).getEntity()))
                        .path("count")
                        .asInt())
                .isEqualTo(1);
    }

    /** A chunk as this release writes it (reference fields only matter here). */
    private Request write() {
        Request write = new Request("PUT", "/" + index + "/_doc/d:0");
        write.addParameter("refresh", "true");
        write.setJsonEntity("{\"" + ChunkIndex.DOC_ID + "\":\"d\",\"" + ChunkIndex.EMBEDDING_VERSION + "\":\""
                + Embedder.EMBEDDING_VERSION + "\"}");
        return write;
    }

    private JsonNode mapping() throws IOException {
        JsonNode all = JsonMapper.shared()
                .readTree(EntityUtils.toString(scratch.client()
                        .performRequest(new Request("GET", "/" + index + "/_mapping"))
                        .getEntity()));
        return all.path(index).path("mappings");
    }
}
