package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The mapping resource with each vector encoding. */
class ChunkIndexTest {
    private static JsonNode method(ChunkIndex.VectorEncoding encoding) throws Exception {
        return JsonMapper.shared().readTree(ChunkIndex.mappingJson(encoding)).at("/mappings/properties/vector/method");
    }

    @Test
    void fp32IsTheResourceAsItIs() throws Exception {
        assertThat(ChunkIndex.mappingJson(ChunkIndex.VectorEncoding.FP32)).isEqualTo(ChunkIndex.mappingJson());
        assertThat(method(ChunkIndex.VectorEncoding.FP32).path("parameters").has("encoder")).isFalse();
    }

    @Test
    void sqAddsLuceneScalarQuantizationAndKeepsTheGraphParameters() throws Exception {
        JsonNode method = method(ChunkIndex.VectorEncoding.SQ);
        assertThat(method.path("engine").asText()).isEqualTo("lucene");
        assertThat(method.at("/parameters/encoder/name").asText()).isEqualTo("sq");
        assertThat(method.at("/parameters/m").asInt()).isEqualTo(16);
        assertThat(method.at("/parameters/ef_construction").asInt()).isEqualTo(128);
    }
}
