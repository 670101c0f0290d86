package io.renvoi.common.events;

/**
 * The outcome of indexing one document, published on {@link Topics#INDEXED} by embed-service.
 *
 * @param embeddingVersion the {@link io.renvoi.common.embed.EmbeddingModel#version()} of the vectors written
 *     (INDEXED only; null otherwise and in events of releases that did not record it)
 */
public record IndexedEvent(
        String docId,
        String url,
        String collection,
        long epoch,
        int chunkCount,
        Outcome outcome,
        String jobId,
        String detail,
        String embeddingVersion)
        implements KeyedEvent {
    /** The record key: the document id. */
    @Override
    public String kafkaKey() {
        return docId;
    }

    /** What happened to the document. */
    public enum Outcome {
        /** Chunks embedded and written. */
        INDEXED,
        /** The document's chunks were removed. */
        DELETED,
        /** An older epoch arrived after a newer one and was ignored. */
        STALE,
        /** The ingest worker could not produce the document (fetch or extraction failure). */
        FAILED
    }
}
