package io.renvoi.embed.index;

import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorIndexOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Reads {@code renvoi.index.vector-encoding} (FP32 default, or SQ: lucene scalar quantization),
 * {@code renvoi.index.hnsw-m} and {@code renvoi.index.hnsw-ef-construction}, which apply when the index is
 * created; an existing index keeps its own. Idempotent; called before the first write.
 */
@ApplicationScoped
public class ChunkIndexSetup {
    private static final Logger LOG = Logger.getLogger(ChunkIndexSetup.class);

    private final RestClient client;
    private final VectorIndexOptions options;
    private volatile boolean ready;

    ChunkIndexSetup(
            RestClient client,
            @ConfigProperty(name = "renvoi.index.vector-encoding", defaultValue = "FP32")
                    ChunkIndex.VectorEncoding vectorEncoding,
            @ConfigProperty(name = "renvoi.index.hnsw-m") Optional<Integer> m,
            @ConfigProperty(name = "renvoi.index.hnsw-ef-construction") Optional<Integer> efConstruction) {
        this.client = client;
        // Unset: the mapping resource's own values (VectorIndexOptions.DEFAULTS).
        this.options = new VectorIndexOptions(
                vectorEncoding,
                m.orElse(VectorIndexOptions.DEFAULTS.m()),
                efConstruction.orElse(VectorIndexOptions.DEFAULTS.efConstruction()));
    }

    public void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (ChunkIndex.createIfMissing(client, options)) {
                LOG.infof("created index %s (%s) behind alias %s", ChunkIndex.PHYSICAL, options, ChunkIndex.ALIAS);
            }
            ready = true;
        }
    }
}
