package io.renvoi.embed.index;

import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.CurrentVectorFormat;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Reads {@code renvoi.index.vector-encoding} (FP32, SQ: lucene scalar quantization, or BYTE:
 * quantized bytes), {@code renvoi.index.byte-scale}, {@code renvoi.index.hnsw-m} and
 * {@code renvoi.index.hnsw-ef-construction}, which apply when the index is created (with the shards and replicas
 * of {@code renvoi.index.chunks.*}); an existing index keeps its own. Idempotent; called before the first write.
 * {@link #vectorFormat()} is the encoding of the index behind the alias as OpenSearch declares it (not as
 * configured), which the writer encodes vectors with; it refuses an index made for another embedding model than
 * the configured one ({@link io.renvoi.common.index.IndexModelMismatchException}: the batch waits, as in an outage).
 * A new index declares the configured model ({@code _meta.vectors.embedding_version}).
 */
@ApplicationScoped
public class ChunkIndexSetup {
    /** How long the index's vector format is kept before it is read again (an alias switch is followed then). */
    static final Duration FORMAT_MAX_AGE = Duration.ofSeconds(30);

    private final EnsuredIndex index;
    private final CurrentVectorFormat format;

    ChunkIndexSetup(
            RestClient client,
            @ConfigProperty(name = "renvoi.index.vector-encoding", defaultValue = "BYTE")
                    ChunkIndex.VectorEncoding vectorEncoding,
            @ConfigProperty(name = "renvoi.index.hnsw-m") Optional<Integer> m,
            @ConfigProperty(name = "renvoi.index.hnsw-ef-construction") Optional<Integer> efConstruction,
            @ConfigProperty(name = "renvoi.index.byte-scale") Optional<Float> byteScale) {
        // Unset: the mapping resource's own values (VectorIndexOptions.DEFAULTS), the byte scale of the configured
        // model's vectors.
        EmbeddingModel model = EmbeddingModel.configured();
        VectorIndexOptions options = new VectorIndexOptions(
                vectorEncoding,
                m.orElse(VectorIndexOptions.DEFAULTS.m()),
                efConstruction.orElse(VectorIndexOptions.DEFAULTS.efConstruction()),
                byteScale.orElse(model.byteScale()));
        this.index = new EnsuredIndex(client, ChunkIndex.definition(options, model));
        this.format = new CurrentVectorFormat(client, ChunkIndex.ALIAS, FORMAT_MAX_AGE, model);
    }

    /** How the index behind the alias takes vectors (re-read every {@link #FORMAT_MAX_AGE}). */
    public VectorFormat vectorFormat() throws IOException {
        ensureIndex();
        return format.get();
    }

    public void ensureIndex() throws IOException {
        index.ensure();
    }
}
