package io.renvoi.common.events;

import java.util.List;

/**
 * A change to one document, published on {@link Topics#DOCUMENTS}: an UPSERT carrying the chunks of a new
 * epoch, or a DELETE that removes the document from the index.
 */
public record DocumentEvent(
        Type type,
        String docId,
        String url,
        String finalUrl,
        String collection,
        String title,
        String contentType,
        String etag,
        String lastModified,
        String docSha256,
        String extractorVersion,
        long epoch,
        long fetchedAt,
        String jobId,
        List<ChunkRef> chunks,
        String reason) {

    /** What the event does to the document. */
    public enum Type {
        UPSERT,
        DELETE
    }

    public DocumentEvent {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    /** A DELETE of every chunk of the document. */
    public static DocumentEvent delete(String docId, String url, String collection, String reason, String jobId) {
        return new DocumentEvent(
                Type.DELETE,
                docId,
                url,
                null,
                collection,
                null,
                null,
                null,
                null,
                null,
                null,
                System.currentTimeMillis(),
                0L,
                jobId,
                List.of(),
                reason);
    }
}
