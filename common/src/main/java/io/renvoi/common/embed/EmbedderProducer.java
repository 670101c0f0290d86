package io.renvoi.common.embed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Provides the in-process all-MiniLM-L6-v2 {@link Embedder} to services that embed. */
@ApplicationScoped
public class EmbedderProducer {
    @Produces
    @Singleton
    Embedder embedder() {
        return new MiniLmEmbedder();
    }
}
