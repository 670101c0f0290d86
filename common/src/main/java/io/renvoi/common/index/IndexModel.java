package io.renvoi.common.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.embed.EmbeddingModel;

/**
 * The embedding model a {@code rag-chunks} index holds vectors of: the {@link EmbeddingModel#version()} its
 * {@code _meta.vectors.embedding_version} declares, written when the index is created
 * ({@link ChunkIndex#mappingJson(VectorIndexOptions, EmbeddingModel)}). An index made before the declaration
 * existed holds all-MiniLM-L6-v2's vectors ({@link #UNDECLARED}, the default of every earlier release; an older
 * index built for another model is declared with a {@code PUT _mapping}, embed-service/README.md). A service
 * running another model refuses the index ({@link IndexModelMismatchException}): its questions or chunks would not
 * compare with the vectors there, and the index's byte scale fits its own model's vectors only (MiniLM's 639
 * clips a component of every bge-small-q vector: cosine to the float vector 0.978 on average against 0.9998 with
 * bge's own 292, bench/README.md). Reads mappings; writes nothing.
 */
public final class IndexModel {
    /** The field of {@code _meta.vectors} naming the model. */
    public static final String META_FIELD = "embedding_version";

    /** What an index without the declaration holds. */
    public static final String UNDECLARED = EmbeddingModel.MINILM.version();

    private IndexModel() {}

    /** The model version the {@code mappings} of one physical index declare, or {@link #UNDECLARED}. */
    public static String declared(JsonNode mappings) {
        JsonNode version = mappings.path("_meta").path(VectorFormat.META).path(META_FIELD);
        return version.isTextual() ? version.asText() : UNDECLARED;
    }

    /**
     * Checks that physical index {@code index} (its {@code mappings}) holds {@code model}'s vectors.
     *
     * @throws IndexModelMismatchException when it holds another model's
     */
    public static void require(String index, JsonNode mappings, EmbeddingModel model)
            throws IndexModelMismatchException {
        String declared = declared(mappings);
        if (!declared.equals(model.version())) {
            throw new IndexModelMismatchException(index, declared, model);
        }
    }
}
