package io.renvoi.query.retrieval;

import io.renvoi.common.embed.Embedder;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Builds a {@link ChunkSearcher} on a given client, for tests outside this package. */
public final class Searchers {
    private Searchers() {}

    public static ChunkSearcher on(
            OpenSearchClient client, RestClient restClient, Embedder embedder, RetrievalConfig config) {
        return new ChunkSearcher(client, restClient, embedder, config);
    }
}
