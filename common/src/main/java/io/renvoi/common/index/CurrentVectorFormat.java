package io.renvoi.common.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.embed.EmbeddingModel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.opensearch.client.RestClient;

/**
 * The {@link VectorFormat} of the index behind an alias, read from OpenSearch and kept for {@code maxAge}, so
 * that a switch of the alias to an index of another format (the procedure in embed-service/README.md) is
 * followed within that time without a request per search. Until the index exists the format is not kept (the
 * index made first decides it). Each read also checks that the index holds the vectors of this process's
 * embedding model ({@link IndexModel}); an index made for another model is refused, every time it is read
 * ({@link IndexModelMismatchException}). Reads {@code GET /{alias}/_mapping}.
 */
public final class CurrentVectorFormat {
    private final RestClient client;
    private final String alias;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final EmbeddingModel model;
    private volatile Cached cached;

    private record Cached(VectorFormat format, long readAt) {}

    /** The format of {@code alias}, whose index must hold {@code model}'s vectors. */
    public CurrentVectorFormat(RestClient client, String alias, Duration maxAge, EmbeddingModel model) {
        this(client, alias, maxAge, model, System::nanoTime);
    }

    CurrentVectorFormat(RestClient client, String alias, Duration maxAge, EmbeddingModel model, LongSupplier clock) {
        this.client = client;
        this.alias = alias;
        this.maxAgeNanos = maxAge.toNanos();
        this.model = Objects.requireNonNull(model, "model");
        this.clock = clock;
    }

    /**
     * The format, read again when the one kept is older than {@code maxAge}.
     *
     * @throws IndexModelMismatchException when the index holds another model's vectors
     */
    public VectorFormat get() throws IOException {
        Cached c = cached;
        long now = clock.getAsLong();
        if (c != null && now - c.readAt() < maxAgeNanos) {
            return c.format();
        }
        Optional<JsonNode> mappings = VectorFormat.mappings(client, alias);
        if (mappings.isEmpty()) {
            return VectorFormat.FLOAT;
        }
        for (Map.Entry<String, JsonNode> physical : mappings.get().properties()) {
            IndexModel.require(physical.getKey(), physical.getValue().path("mappings"), model);
        }
        Optional<VectorFormat> format = VectorFormat.of(alias, mappings.get());
        format.ifPresent(f -> cached = new Cached(f, now));
        return format.orElse(VectorFormat.FLOAT);
    }

    /** Forgets the kept format (after this process created or replaced the index). */
    public void invalidate() {
        cached = null;
    }
}
