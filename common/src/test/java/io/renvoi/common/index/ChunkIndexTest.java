package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The mapping resource with each vector encoding and HNSW parameters. */
class ChunkIndexTest {
    private static JsonNode method(VectorIndexOptions options) throws Exception {
        return JsonMapper.shared().readTree(ChunkIndex.mappingJson(options)).at("/mappings/properties/vector/method");
    }

    @Test
    void defaultsAreTheResourceAsItIs() throws Exception {
        assertThat(JsonMapper.shared().readTree(ChunkIndex.mappingJson(VectorIndexOptions.DEFAULTS)))
                .isEqualTo(JsonMapper.shared().readTree(ChunkIndex.mappingJson()));
        assertThat(method(VectorIndexOptions.DEFAULTS).path("parameters").has("encoder"))
                .isFalse();
    }

    @Test
    void graphParametersAreSetAsConfigured() throws Exception {
        JsonNode method = method(new VectorIndexOptions(ChunkIndex.VectorEncoding.FP32, 24, 64));
        assertThat(method.at("/parameters/m").asInt()).isEqualTo(24);
        assertThat(method.at("/parameters/ef_construction").asInt()).isEqualTo(64);
    }

    @Test
    void outOfRangeGraphParametersAreRefused() {
        assertThatThrownBy(() -> new VectorIndexOptions(ChunkIndex.VectorEncoding.FP32, 1, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m");
        assertThatThrownBy(() -> new VectorIndexOptions(ChunkIndex.VectorEncoding.FP32, 16, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ef_construction");
    }

    @Test
    void sqAddsLuceneScalarQuantizationAndKeepsTheGraphParameters() throws Exception {
        JsonNode method = method(VectorIndexOptions.DEFAULTS.withEncoding(ChunkIndex.VectorEncoding.SQ));
        assertThat(method.path("engine").asText()).isEqualTo("lucene");
        assertThat(method.at("/parameters/encoder/name").asText()).isEqualTo("sq");
        assertThat(method.at("/parameters/m").asInt()).isEqualTo(16);
        assertThat(method.at("/parameters/ef_construction").asInt()).isEqualTo(128);
    }
}
