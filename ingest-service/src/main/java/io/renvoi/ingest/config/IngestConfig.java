package io.renvoi.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the ingest API ({@code renvoi.ingest.*}). */
@ConfigMapping(prefix = "renvoi.ingest")
public interface IngestConfig {
    /** Most URLs one job may hold (listed or from a sitemap). */
    @WithDefault("10000")
    int maxUrlsPerJob();

    /** Largest request body accepted, in bytes; larger ones get 413 problem+json. */
    @WithDefault("8388608")
    long maxBodyBytes();
}
