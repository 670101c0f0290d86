package io.renvoi.common.index;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.opensearch.client.RestClient;

/**
 * The {@link VectorFormat} of the index behind an alias, read from OpenSearch and kept for {@code maxAge}, so
 * that a switch of the alias to an index of another format (the procedure in embed-service/README.md) is
 * followed within that time without a request per search. Until the index exists the format is not kept (the
 * index made first decides it). Reads {@code GET /{alias}/_mapping}.
 */
public final class CurrentVectorFormat {
    private final RestClient client;
    private final String alias;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private volatile Cached cached;

    private record Cached(VectorFormat format, long readAt) {}

    public CurrentVectorFormat(RestClient client, String alias, Duration maxAge) {
        this(client, alias, maxAge, System::nanoTime);
    }

    CurrentVectorFormat(RestClient client, String alias, Duration maxAge, LongSupplier clock) {
        this.client = client;
        this.alias = alias;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    /** The format, read again when the one kept is older than {@code maxAge}. */
    public VectorFormat get() throws IOException {
        Cached c = cached;
        long now = clock.getAsLong();
        if (c != null && now - c.readAt() < maxAgeNanos) {
            return c.format();
        }
        Optional<VectorFormat> format = VectorFormat.readIfExists(client, alias);
        format.ifPresent(f -> cached = new Cached(f, now));
        return format.orElse(VectorFormat.FLOAT);
    }

    /** Forgets the kept format (after this process created or replaced the index). */
    public void invalidate() {
        cached = null;
    }
}
