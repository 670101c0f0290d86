package io.renvoi.embed.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.embed.Embedder;
import io.renvoi.embed.index.ChunkIndexSetup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * At start-up, before the first batch: loads the embedding model and runs it once (session creation and the
 * first inference take seconds), and creates the rag-chunks index if OpenSearch is reachable (otherwise the
 * first write creates it). Reads nothing else, writes only the index.
 */
@ApplicationScoped
public class StartupWarmUp {
    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);

    void onStart(@Observes StartupEvent event, Embedder embedder, ChunkIndexSetup setup) {
        long start = System.nanoTime();
        embedder.embed("warm-up");
        LOG.infof("embedding model ready in %d ms", (System.nanoTime() - start) / 1_000_000);
        try {
            setup.ensureIndex();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rag-chunks not set up yet (%s): the first write will do it", e.getMessage());
        }
    }
}
