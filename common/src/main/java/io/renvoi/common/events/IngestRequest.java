package io.renvoi.common.events;

import java.util.Map;

/** A request to fetch and index one URL, published on {@link Topics#INGEST_REQUESTS}. */
public record IngestRequest(
        String docId,
        String url,
        String collection,
        Map<String, String> metadata,
        IngestReason reason,
        String jobId,
        long requestedAt) {

    public IngestRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
