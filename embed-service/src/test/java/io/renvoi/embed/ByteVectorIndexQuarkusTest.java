package io.renvoi.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ByteQuantizer;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.CurrentVectorFormat;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.ScratchIndex;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/**
 * A {@code rag-chunks} index with byte vectors on the real test OpenSearch: created from the mapping resource
 * with {@code data_type: byte} and the calibration in {@code _meta}, read back as a byte format by readers,
 * filled with chunks of the real model quantized with it, and searched by kNN with a question quantized the
 * same way, which finds the chunk it is about; a float value that is not a byte is refused by the field. (A
 * Quarkus test for the application's embedder: the tokenizer's native library loads once per JVM.)
 */
@QuarkusTest
class ByteVectorIndexQuarkusTest {
    @RegisterExtension
    final ScratchIndex scratch = new ScratchIndex("rag-chunks-byte");

    private final String index = scratch.name();

    private static final List<String> CHUNKS = List.of(
            "The Arlberg pass links Tyrol and Vorarlberg; its road tunnel opened in 1978.",
            "Sourdough bread rises with a culture of wild yeast and lactic acid bacteria.",
            "A heat pump moves heat from outside air into a house using a refrigerant cycle.",
            "Mitochondria produce most of the cell's ATP through oxidative phosphorylation.",
            "The violin has four strings tuned in perfect fifths: G, D, A and E.");

    @Inject
    Embedder embedder;

    private final String alias = index + "-alias";

    @Test
    void aByteIndexIsCreatedFilledWithQuantizedChunksAndSearchedWithAQuantizedQuestion() throws IOException {
        List<float[]> vectors = embedder.embed(CHUNKS);
        ByteQuantizer calibrated = ByteQuantizer.calibrate(vectors, ByteQuantizer.DEFAULT_COVERAGE);
        VectorIndexOptions options = VectorIndexOptions.DEFAULTS
                .withEncoding(ChunkIndex.VectorEncoding.BYTE)
                .withByteScale(calibrated.scale());
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity(ChunkIndex.mappingJson(options));
        scratch.client().performRequest(create);
        scratch.client().performRequest(new Request("PUT", "/" + index + "/_alias/" + alias));

        // what OpenSearch made of it: a byte field, and the scale readers take from the index
        JsonNode mapping = json(scratch.client().performRequest(new Request("GET", "/" + index + "/_mapping")))
                .path(index)
                .path("mappings");
        assertThat(mapping.at("/properties/vector/data_type").asText()).isEqualToIgnoringCase("byte");
        VectorFormat format =
                new CurrentVectorFormat(scratch.client(), alias, Duration.ofSeconds(30), embedder.model()).get();
        assertThat(format).isEqualTo(VectorFormat.bytes(calibrated));

        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < CHUNKS.size(); i++) {
            List<Float> values = new ArrayList<>();
            for (float f : format.encode(vectors.get(i))) values.add(f);
            bulk.append("{\"index\":{\"_id\":\"d").append(i).append(":0\"}}\n");
            bulk.append(JsonMapper.shared()
                            .writeValueAsString(java.util.Map.of(
                                    ChunkIndex.DOC_ID,
                                    "d" + i,
                                    ChunkIndex.TEXT,
                                    CHUNKS.get(i),
                                    ChunkIndex.VECTOR,
                                    values)))
                    .append('\n');
        }
        Request write = new Request("POST", "/" + alias + "/_bulk");
        write.addParameter("refresh", "true");
        write.setJsonEntity(bulk.toString());
        assertThat(json(scratch.client().performRequest(write)).path("errors").asBoolean())
                .isFalse();

        assertThat(nearest(format.encode(embedder.embed("How do cells make energy?"))))
                .isEqualTo("d3");
        assertThat(nearest(format.encode(embedder.embed("which tunnel goes under the Alps in Austria"))))
                .isEqualTo("d0");

        // the field takes bytes only: unquantized floats are refused
        Request floats = new Request("PUT", "/" + alias + "/_doc/x:0");
        StringBuilder raw = new StringBuilder();
        for (float f : vectors.get(0)) raw.append(raw.length() == 0 ? "" : ",").append(f);
        floats.setJsonEntity("{\"" + ChunkIndex.DOC_ID + "\":\"x\",\"" + ChunkIndex.VECTOR + "\":[" + raw + "]}");
        assertThatThrownBy(() -> scratch.client().performRequest(floats)).isInstanceOf(ResponseException.class);
    }

    private String nearest(float[] question) throws IOException {
        StringBuilder v = new StringBuilder();
        for (float f : question) v.append(v.length() == 0 ? "" : ",").append((int) f);
        Request search = new Request("POST", "/" + alias + "/_search");
        search.setJsonEntity("{\"size\":1,\"_source\":[\"" + ChunkIndex.DOC_ID + "\"],\"query\":{\"knn\":{\""
                + ChunkIndex.VECTOR + "\":{\"vector\":[" + v + "],\"k\":3}}}}");
        return json(scratch.client().performRequest(search))
                .at("/hits/hits/0/_source/" + ChunkIndex.DOC_ID)
                .asText();
    }

    private static JsonNode json(org.opensearch.client.Response response) throws IOException {
        return JsonMapper.shared().readTree(EntityUtils.toString(response.getEntity()));
    }
}
