package io.renvoi.common.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * What the vector field of the {@code rag-chunks} index behind the alias takes: floats (FP32 and SQ indexes,
 * and indexes made before byte vectors) or bytes quantized with the scale recorded in the index's
 * {@code _meta}. embed-service encodes chunk vectors and query-service encodes questions with the format read
 * from the index itself, so both always agree with the index, whatever the services' configuration says. Reads
 * {@code GET /{index}/_mapping}; writes nothing.
 */
public record VectorFormat(ByteQuantizer quantizer) {
    /** Float vectors as the model computes them. */
    public static final VectorFormat FLOAT = new VectorFormat(null);

    /** Where the mapping resource's {@code _meta} keeps the vector encoding and its calibration. */
    public static final String META = "vectors";

    public static VectorFormat bytes(ByteQuantizer quantizer) {
        return new VectorFormat(Objects.requireNonNull(quantizer));
    }

    public boolean isByte() {
        return quantizer != null;
    }

    /** The vector as the index takes it (and as a kNN query on it must give it). */
    public float[] encode(float[] vector) {
        return quantizer == null ? vector : quantizer.quantize(vector);
    }

    /**
     * The format of {@code index} (an alias or a physical index); {@link #FLOAT} when it does not exist yet. An
     * alias over indexes of different formats is refused: no single encoding of a question fits both.
     */
    public static VectorFormat read(RestClient client, String index) throws IOException {
        return readIfExists(client, index).orElse(FLOAT);
    }

    /** The format of {@code index}, or empty when it does not exist. */
    public static Optional<VectorFormat> readIfExists(RestClient client, String index) throws IOException {
        Optional<JsonNode> mappings = mappings(client, index);
        return mappings.isEmpty() ? Optional.empty() : of(index, mappings.get());
    }

    /**
     * {@code GET /{index}/_mapping}: an object keyed by physical index name, each with its {@code mappings}; empty
     * when {@code index} does not exist.
     */
    static Optional<JsonNode> mappings(RestClient client, String index) throws IOException {
        try (InputStream in = client.performRequest(new Request("GET", "/" + index + "/_mapping"))
                .getEntity()
                .getContent()) {
            return Optional.of(JsonMapper.shared().readTree(in));
        } catch (ResponseException e) {
            if (ResponseStatus.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The one format of the physical indexes in a {@link #mappings} answer for {@code index} (empty: none). */
    static Optional<VectorFormat> of(String index, JsonNode mappings) {
        VectorFormat format = null;
        for (JsonNode physical : mappings) {
            VectorFormat f = of(physical.path("mappings"));
            if (format != null && !format.equals(f)) {
                throw new IllegalStateException(index + " spans indexes with different vector formats");
            }
            format = f;
        }
        return Optional.ofNullable(format);
    }

    /** The format a mapping ({@code mappings} object of an index) declares. */
    public static VectorFormat of(JsonNode mappings) {
        String dataType =
                mappings.at("/properties/" + ChunkIndex.VECTOR + "/data_type").asText("float");
        if (!"byte".equalsIgnoreCase(dataType)) { // OpenSearch answers "BYTE" for the "byte" it was given
            return FLOAT;
        }
        JsonNode scale = mappings.path("_meta").path(META).path("byte_scale");
        if (!scale.isNumber()) {
            throw new IllegalStateException("a byte vector index without _meta." + META + ".byte_scale");
        }
        return bytes(new ByteQuantizer(scale.floatValue()));
    }
}
