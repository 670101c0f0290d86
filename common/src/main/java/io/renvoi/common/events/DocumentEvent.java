package io.renvoi.common.events;

import java.util.List;

/**
 * A change to one document, published on {@link Topics#DOCUMENTS}: an UPSERT carrying the chunks of a new
 * epoch, or a DELETE that removes the document from the index. Built by name: {@link #upsert} (a builder of the
 * page's metadata and chunks) and {@link #delete}.
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
        String reason)
        implements KeyedEvent {
    /** The record key: the document id. */
    @Override
    public String kafkaKey() {
        return docId;
    }

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

    /** An UPSERT of the document {@code docId} at {@code url} in {@code collection}; the rest is set by name. */
    public static Builder upsert(String docId, String url, String collection) {
        return new Builder(docId, url, collection);
    }

    /** The fields of an UPSERT, by name; unset ones stay null (epoch and fetchedAt 0). */
    public static final class Builder {
        private final String docId;
        private final String url;
        private final String collection;
        private String finalUrl;
        private String title;
        private String contentType;
        private String etag;
        private String lastModified;
        private String docSha256;
        private String extractorVersion;
        private long epoch;
        private long fetchedAt;
        private String jobId;
        private List<ChunkRef> chunks = List.of();
        private String reason;

        private Builder(String docId, String url, String collection) {
            this.docId = docId;
            this.url = url;
            this.collection = collection;
        }

        /** Where the URL led after redirects. */
        public Builder finalUrl(String finalUrl) {
            this.finalUrl = finalUrl;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** The validators the source sent, for conditional re-checks. */
        public Builder validators(String etag, String lastModified) {
            this.etag = etag;
            this.lastModified = lastModified;
            return this;
        }

        /** The SHA-256 of the extracted text and the extractor that produced it. */
        public Builder extracted(String docSha256, String extractorVersion) {
            this.docSha256 = docSha256;
            this.extractorVersion = extractorVersion;
            return this;
        }

        /** The document's epoch (newer replaces older) and when the page was fetched (epoch millis). */
        public Builder epoch(long epoch, long fetchedAt) {
            this.epoch = epoch;
            this.fetchedAt = fetchedAt;
            return this;
        }

        /** The ingestion job this UPSERT belongs to, if any. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder chunks(List<ChunkRef> chunks) {
            this.chunks = chunks;
            return this;
        }

        /** Why the document was ingested again, if it was (e.g. a re-embed). */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public DocumentEvent build() {
            return new DocumentEvent(
                    Type.UPSERT,
                    docId,
                    url,
                    finalUrl,
                    collection,
                    title,
                    contentType,
                    etag,
                    lastModified,
                    docSha256,
                    extractorVersion,
                    epoch,
                    fetchedAt,
                    jobId,
                    chunks,
                    reason);
        }
    }
}
