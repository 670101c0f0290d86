package io.renvoi.embed.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.IndexModelMismatchException;
import io.renvoi.embed.index.ChunkIndexSetup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * At start-up, before the first batch: loads the embedding model and runs it on texts of every length up to
 * the model's window (session creation, ONNX Runtime's buffers for each shape and the JIT of the code around
 * the model otherwise slow the first batches down for a minute), and creates the rag-chunks index if OpenSearch is reachable (otherwise the
 * first write creates it), logging an error when the index there was made for another embedding model. Reads
 * nothing else, writes only the index.
 */
@ApplicationScoped
public class StartupWarmUp {
    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);

    /** Texts of 8 to about 250 words (most chunks are near the chunker's maximum), two of each length. */
    static List<String> warmUpTexts() {
        String sentence = "Renvoi keeps references to web pages and re-reads the passages it cites. ";
        List<String> texts = new ArrayList<>();
        for (int words = 12; words <= 252; words += 24) {
            String text = sentence.repeat(words / 12);
            texts.add(text);
            texts.add(text.toUpperCase(Locale.ROOT));
        }
        return texts;
    }

    void onStart(@Observes StartupEvent event, Embedder embedder, ChunkIndexSetup setup) {
        long start = System.nanoTime();
        embedder.embedPassages(warmUpTexts());
        LOG.infof(
                "embedding model %s ready in %d ms",
                embedder.model().configName(), (System.nanoTime() - start) / 1_000_000);
        try {
            setup.vectorFormat(); // creates the index when missing; refuses one made for another model
        } catch (IndexModelMismatchException e) {
            LOG.errorf(
                    "rag-chunks cannot take this service's vectors; nothing is indexed until it can: %s",
                    e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rag-chunks not set up yet (%s): the first write will do it", e.getMessage());
        }
    }
}
