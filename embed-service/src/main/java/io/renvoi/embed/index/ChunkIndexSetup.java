package io.renvoi.embed.index;

import io.renvoi.common.index.ChunkIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Reads {@code renvoi.index.vector-encoding} (FP32 default, or SQ: lucene scalar quantization),
 * which applies when the index is created; an existing index keeps its encoding. Idempotent; called before the first write.
 */
@ApplicationScoped
public class ChunkIndexSetup {
    private static final Logger LOG = Logger.getLogger(ChunkIndexSetup.class);

    private final RestClient client;
    private final ChunkIndex.VectorEncoding vectorEncoding;
    private volatile boolean ready;

    ChunkIndexSetup(RestClient client,
            @ConfigProperty(name = "renvoi.index.vector-encoding", defaultValue = "FP32") ChunkIndex.VectorEncoding vectorEncoding) {
        this.client = client;
        this.vectorEncoding = vectorEncoding;
    }

    public void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (ChunkIndex.createIfMissing(client, vectorEncoding)) {
                LOG.infof("created index %s (%s vectors) behind alias %s", ChunkIndex.PHYSICAL, vectorEncoding, ChunkIndex.ALIAS);
            }
            ready = true;
        }
    }
}
