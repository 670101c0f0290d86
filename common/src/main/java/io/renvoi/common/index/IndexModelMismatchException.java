package io.renvoi.common.index;

import io.renvoi.common.embed.EmbeddingModel;
import java.io.IOException;

/**
 * The index behind {@code rag-chunks} holds another embedding model's vectors than this service computes
 * ({@link IndexModel}). An {@link IOException}, so that it is waited out like an outage (embed-service retries its
 * batch, nothing is dead-lettered; query-service answers 503 with this message) until the alias points at an index
 * made for the model or the services run the index's model again.
 */
public final class IndexModelMismatchException extends IOException {
    private final String index;
    private final String indexModel;

    public IndexModelMismatchException(String index, String indexModel, EmbeddingModel model) {
        super("index " + index + " holds vectors of " + indexModel + ", but this service embeds with "
                + model.version() + " (" + EmbeddingModel.CONFIG_KEY + "=" + model.configName()
                + "): build a new index for the model behind the rag-chunks alias and re-ingest "
                + "(embed-service/README.md, \"Changing the model\"), or run the index's model again"
                + EmbeddingModel.all().stream()
                        .filter(m -> m.version().equals(indexModel))
                        .map(m -> " (RENVOI_EMBED_MODEL=" + m.configName() + ")")
                        .findFirst()
                        .orElse(""));
        this.index = index;
        this.indexModel = indexModel;
    }

    /** The physical index refused. */
    public String index() {
        return index;
    }

    /** The {@link EmbeddingModel#version()} the index declares. */
    public String indexModel() {
        return indexModel;
    }
}
