package io.renvoi.query.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The passage cache of query-service ({@code renvoi.query.passage-cache.*}). */
@ConfigMapping(prefix = "renvoi.query.passage-cache")
public interface PassageCacheConfig {
    /**
     * Bound of the cache in bytes (chunk texts counted as UTF-16, plus keys and a fixed per-entry overhead).
     * 0 disables the cache: every passage is re-read from its source and rag.documents is not consumed.
     */
    @WithDefault("67108864")
    long maxBytes();

    /**
     * How long a cached passage is served as {@code cached} without asking its source. Past that age the
     * source is asked again (conditionally, with the stored ETag / Last-Modified, when every cited chunk of the
     * document is cached).
     */
    @WithDefault("1h")
    Duration maxAge();

    /**
     * How far back in rag.documents each replica starts reading when it starts (by record timestamp), so
     * that documents ingested while it was starting are not missed. 0s reads from the end of the topic.
     */
    @WithDefault("15m")
    Duration warmLookback();

    /**
     * When a source is unreachable (timeout, 5xx, refused) and the cache holds the passage (older than
     * {@link #maxAge()}), keep it in the answer with status {@code unreachable} instead of dropping it.
     */
    @WithDefault("false")
    boolean keepUnreachable();
}
