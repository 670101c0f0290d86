package io.renvoi.common.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import org.opensearch.client.RestClient;

/**
 * The {@code rag-chunks} index: its alias, versioned physical name, mapping resource and field names.
 * The chunk text is indexed for BM25 and excluded from {@code _source}: searchable, never stored.
 */
public final class ChunkIndex {
    /** Readers and writers use the alias; the physical index behind it can be rebuilt and swapped. */
    public static final String ALIAS = "rag-chunks";
    /**
     * The physical index created from {@link #MAPPING_RESOURCE}; bump when the mapping changes. v2: chunk text
     * and title analysed with English stemming (v1: standard analyzer). An index behind the alias is replaced by
     * the procedure in embed-service/README.md ("Changing the index").
     */
    public static final String PHYSICAL = "rag-chunks-v2";

    public static final String MAPPING_RESOURCE = "/io/renvoi/common/index/rag-chunks.json";

    /**
     * The analyzer of the chunk text and the title (standard tokenizer, English possessives, lower case, English
     * stop words, Porter stemmer), defined in the mapping resource; needs OpenSearch's analysis-common module.
     */
    public static final String TEXT_ANALYZER = "chunk_text";

    public static final String VECTOR = "vector";
    public static final String TEXT = "text";
    public static final String DOC_ID = "doc_id";
    public static final String COLLECTION = "collection";
    public static final String URL = "url";
    public static final String TITLE = "title";
    public static final String ORD = "ord";
    public static final String START = "start";
    public static final String END = "end";
    public static final String CHUNK_SHA256 = "chunk_sha256";
    public static final String DOC_SHA256 = "doc_sha256";
    public static final String EXTRACTOR_VERSION = "extractor_version";
    /** The {@link io.renvoi.common.embed.EmbeddingModel#version()} that computed the chunk's vector. */
    public static final String EMBEDDING_VERSION = "embedding_version";

    public static final String CONTENT_TYPE = "content_type";
    public static final String ETAG = "etag";
    public static final String LAST_MODIFIED = "last_modified";
    public static final String EPOCH = "epoch";
    public static final String FETCHED_AT = "fetched_at";
    public static final String INDEXED_AT = "indexed_at";

    private ChunkIndex() {}

    /** How the vector field keeps its vectors ({@code renvoi.index.vector-encoding}). */
    public enum VectorEncoding {
        /** 32-bit floats. */
        FP32,
        /**
         * Lucene scalar quantization (the k-NN plugin's {@code "encoder": {"name": "sq"}}): 7-bit integers searched
         * in the HNSW graph, with the float vectors kept on disk beside them (bench/README.md: quality and sizes).
         */
        SQ,
        /**
         * Signed bytes ({@code "data_type": "byte"}, lucene engine): each unit vector multiplied by one calibrated
         * scale and rounded ({@link ByteQuantizer}), the scale recorded in the index's {@code _meta}; a quarter of
         * the float vectors' bytes, nothing else kept. The default (the mapping resource's own).
         */
        BYTE
    }

    /** The configuration name of this index's shards and replicas ({@code renvoi.index.chunks.*}). */
    public static final String ROLE = "chunks";

    /** The index created with the vector field {@code options} for {@code model}'s vectors. */
    public static IndexDefinition definition(VectorIndexOptions options, EmbeddingModel model) {
        return new IndexDefinition(ROLE, ALIAS, PHYSICAL, mappingJson(options, model));
    }

    /**
     * Creates {@link #PHYSICAL} from the mapping resource (with the vector field {@code options} and the configured
     * {@link IndexSettings}) and points {@link #ALIAS} at it, when missing; an existing index keeps its options.
     * Safe to race: a concurrent creation is fine.
     *
     * @return whether this call created the index
     */
    public static boolean createIfMissing(RestClient client, VectorIndexOptions options) throws IOException {
        return IndexCreation.ensure(
                client, definition(options, EmbeddingModel.configured()), IndexSettings.configured(ROLE));
    }

    /** {@link #mappingJson(VectorIndexOptions, EmbeddingModel)} for the configured model. */
    public static String mappingJson(VectorIndexOptions options) {
        return mappingJson(options, EmbeddingModel.configured());
    }

    /**
     * The settings and mappings JSON used to create {@link #PHYSICAL} with the given vector field options, declaring
     * in {@code _meta.vectors} the model whose vectors it holds ({@link IndexModel}).
     */
    public static String mappingJson(VectorIndexOptions options, EmbeddingModel model) {
        try {
            ObjectNode mapping = (ObjectNode) JsonMapper.shared().readTree(mappingJson());
            ObjectNode parameters = (ObjectNode) mapping.at("/mappings/properties/vector/method/parameters");
            if (parameters.isMissingNode()) {
                throw new IllegalStateException("no HNSW parameters in " + MAPPING_RESOURCE);
            }
            parameters.put("m", options.m());
            parameters.put("ef_construction", options.efConstruction());
            if (options.encoding() == VectorEncoding.SQ) {
                parameters.putObject("encoder").put("name", "sq");
            }
            ObjectNode meta = ((ObjectNode) mapping.get("mappings")).putObject("_meta");
            ObjectNode vectors = meta.putObject(VectorFormat.META); // what readers encode questions with
            vectors.put(IndexModel.META_FIELD, model.version());
            vectors.put("encoding", options.encoding().name());
            ObjectNode field = (ObjectNode) mapping.at("/mappings/properties/" + VECTOR);
            field.remove("data_type");
            if (options.encoding() == VectorEncoding.BYTE) {
                field.put("data_type", "byte");
                vectors.put("byte_scale", options.byteScale());
                vectors.put("byte_quantization", "round(component * byte_scale), clipped to [-127, 127]");
            }
            return mapping.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad JSON in " + MAPPING_RESOURCE, e);
        }
    }

    /** The mapping resource as it is (byte vectors, the {@link VectorIndexOptions#DEFAULTS}, the default model). */
    public static String mappingJson() {
        return IndexCreation.mappingResource(ChunkIndex.class, MAPPING_RESOURCE);
    }
}
