package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import java.util.List;
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

    @Test
    void byteVectorsDeclareByteDataTypeAndRecordTheirScaleForReaders() throws Exception {
        VectorIndexOptions options = VectorIndexOptions.DEFAULTS
                .withEncoding(ChunkIndex.VectorEncoding.BYTE)
                .withByteScale(412.5f);
        JsonNode mappings =
                JsonMapper.shared().readTree(ChunkIndex.mappingJson(options)).path("mappings");
        assertThat(mappings.at("/properties/vector/data_type").asText()).isEqualTo("byte");
        assertThat(mappings.at("/properties/vector/method/engine").asText()).isEqualTo("lucene");
        assertThat(mappings.at("/_meta/vectors/encoding").asText()).isEqualTo("BYTE");
        assertThat(mappings.at("/_meta/vectors/byte_scale").floatValue()).isEqualTo(412.5f);
        VectorFormat format = VectorFormat.of(mappings);
        assertThat(format.isByte()).isTrue();
        assertThat(format).isEqualTo(options.format());
        assertThat(format.encode(new float[] {0.1f, -0.5f})).containsExactly(41f, -127f);
    }

    @Test
    void floatIndexesAndIndexesWithoutMetaReadAsFloat() throws Exception {
        for (ChunkIndex.VectorEncoding encoding :
                List.of(ChunkIndex.VectorEncoding.FP32, ChunkIndex.VectorEncoding.SQ)) {
            JsonNode mappings = JsonMapper.shared()
                    .readTree(ChunkIndex.mappingJson(VectorIndexOptions.DEFAULTS.withEncoding(encoding)))
                    .path("mappings");
            assertThat(VectorFormat.of(mappings)).isEqualTo(VectorFormat.FLOAT);
            assertThat(mappings.at("/_meta/vectors/encoding").asText()).isEqualTo(encoding.name());
        }
        // as OpenSearch answers a byte field's mapping
        assertThat(VectorFormat.of(JsonMapper.shared()
                        .readTree("{\"_meta\":{\"vectors\":{\"byte_scale\":100}},"
                                + "\"properties\":{\"vector\":{\"data_type\":\"BYTE\"}}}")))
                .isEqualTo(VectorFormat.bytes(new ByteQuantizer(100f)));
        // rag-chunks-v1 had no _meta
        assertThat(VectorFormat.of(
                        JsonMapper.shared().readTree("{\"properties\":{\"vector\":{\"type\":\"knn_vector\"}}}")))
                .isEqualTo(VectorFormat.FLOAT);
        float[] v = {0.25f};
        assertThat(VectorFormat.FLOAT.encode(v)).isSameAs(v);
        assertThatThrownBy(() -> VectorFormat.of(
                        JsonMapper.shared().readTree("{\"properties\":{\"vector\":{\"data_type\":\"byte\"}}}")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theAnalyzerOfTextAndTitleStems() throws Exception {
        JsonNode mapping = JsonMapper.shared().readTree(ChunkIndex.mappingJson());
        assertThat(mapping.at("/mappings/properties/text/analyzer").asText()).isEqualTo(ChunkIndex.TEXT_ANALYZER);
        assertThat(mapping.at("/mappings/properties/title/analyzer").asText()).isEqualTo(ChunkIndex.TEXT_ANALYZER);
        assertThat(mapping.at("/settings/analysis/analyzer/chunk_text/filter").toString())
                .contains("english_stemmer");
    }
}
