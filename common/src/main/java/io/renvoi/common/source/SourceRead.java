package io.renvoi.common.source;

import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.fetch.FetchResult;
import java.util.List;
import java.util.function.Supplier;

/** What reading a source gave: its text, "not modified" (a conditional fetch answered 304), or a failure. */
public sealed interface SourceRead {

    /** The fetch that led here (status, final URL, validators, redirect facts). */
    FetchResult fetch();

    /** The page's text as extracted, its sha256, and its chunks (cut on first use, the same way everywhere). */
    final class Page implements SourceRead {
        private final FetchResult fetch;
        private final ExtractedDocument document;
        private final String docSha256;
        private final Supplier<Chunker> chunker;
        private List<Chunk> chunks;

        Page(FetchResult fetch, ExtractedDocument document, String docSha256, Supplier<Chunker> chunker) {
            this.fetch = fetch;
            this.document = document;
            this.docSha256 = docSha256;
            this.chunker = chunker;
        }

        @Override
        public FetchResult fetch() {
            return fetch;
        }

        public ExtractedDocument document() {
            return document;
        }

        public String text() {
            return document.text();
        }

        public String docSha256() {
            return docSha256;
        }

        /** The chunks of the text: offsets, sha256 and text of each, as ingest indexes them. */
        public synchronized List<Chunk> chunks() {
            if (chunks == null) {
                chunks = chunker.get().chunk(document.text());
            }
            return chunks;
        }
    }

    /** The server answered 304 to the validators given. */
    record NotModified(FetchResult fetch) implements SourceRead {}

    /**
     * The source could not be read.
     *
     * @param reason a job failure reason: {@code http-404}, {@code http-5xx}, {@code timeout}, {@code too-large},
     *     {@code unreadable}, {@code robots-disallowed}... (see ingest-service's README)
     */
    record Failed(FetchResult fetch, String reason, String detail) implements SourceRead {}
}
