package io.renvoi.embed.index;

import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.VectorIndexOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Reads {@code renvoi.index.vector-encoding} (FP32 default, or SQ: lucene scalar quantization),
 * {@code renvoi.index.hnsw-m} and {@code renvoi.index.hnsw-ef-construction}, which apply when the index is
 * created (with the shards and replicas of {@code renvoi.index.chunks.*}); an existing index keeps its own.
 * Idempotent; called before the first write.
 */
@ApplicationScoped
public class ChunkIndexSetup {
    private final EnsuredIndex index;

    ChunkIndexSetup(
            RestClient client,
            @ConfigProperty(name = "renvoi.index.vector-encoding", defaultValue = "FP32")
                    ChunkIndex.VectorEncoding vectorEncoding,
            @ConfigProperty(name = "renvoi.index.hnsw-m") Optional<Integer> m,
            @ConfigProperty(name = "renvoi.index.hnsw-ef-construction") Optional<Integer> efConstruction) {
        // Unset: the mapping resource's own values (VectorIndexOptions.DEFAULTS).
        VectorIndexOptions options = new VectorIndexOptions(
                vectorEncoding,
                m.orElse(VectorIndexOptions.DEFAULTS.m()),
                efConstruction.orElse(VectorIndexOptions.DEFAULTS.efConstruction()));
        this.index = new EnsuredIndex(client, ChunkIndex.definition(options));
    }

    public void ensureIndex() throws IOException {
        index.ensure();
    }
}
