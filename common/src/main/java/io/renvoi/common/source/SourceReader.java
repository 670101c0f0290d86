package io.renvoi.common.source;

import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.fetch.FetchOutcome;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import java.util.function.Supplier;

/**
 * The one way a source is read, by the ingest worker, query-service's passage re-read and the link-checker's
 * probe alike, so that all three always agree on a page's text: fetch safely (conditionally when validators
 * are given) with {@link SafeFetcher}, extract by media type within the extraction limits with
 * {@link ContentExtractor}, hash the text, and cut chunks with the chunker on demand. Reads the web; writes
 * nothing. Thread-safe; one per process.
 */
public final class SourceReader {
    private final SafeFetcher fetcher;
    private final ContentExtractor extractor;
    private final Supplier<Chunker> chunker;
    private volatile Chunker loaded;

    /**
     * @param chunker made on first use (the tokenizer is a native library: a reader that never cuts chunks, as
     *     query-service's, never loads it)
     */
    public SourceReader(SafeFetcher fetcher, ContentExtractor extractor, Supplier<Chunker> chunker) {
        this.fetcher = fetcher;
        this.extractor = extractor;
        this.chunker = chunker;
    }

    private Chunker chunker() {
        Chunker c = loaded;
        if (c == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = chunker.get();
                }
                c = loaded;
            }
        }
        return c;
    }

    public SafeFetcher fetcher() {
        return fetcher;
    }

    /** Reads the source without validators. */
    public SourceRead read(String url) {
        return read(url, null, null);
    }

    /**
     * @param etag sent as If-None-Match when not null
     * @param lastModified sent as If-Modified-Since when not null
     */
    public SourceRead read(String url, String etag, String lastModified) {
        FetchResult fetched = fetcher.fetch(url, etag, lastModified);
        if (fetched.outcome() == FetchOutcome.NOT_MODIFIED) {
            return new SourceRead.NotModified(fetched);
        }
        if (!fetched.ok()) {
            return new SourceRead.Failed(fetched, reason(fetched), fetched.detail());
        }
        ContentExtractor.Extraction extraction =
                extractor.extract(fetched.body(), fetched.contentType(), fetched.charset(), fetched.finalUrl());
        if (!extraction.ok()) {
            return new SourceRead.Failed(fetched, extraction.reason(), extraction.detail());
        }
        return new SourceRead.Page(
                fetched, extraction.document(), Sha256.hex(extraction.document().text()), this::chunker);
    }

    /** The failure reason of a fetch: http-404, http-410, http-403, http-429, http-5xx, or the outcome's reason. */
    public static String reason(FetchResult fetched) {
        return switch (fetched.outcome()) {
            case GONE, HTTP_4XX -> "http-" + fetched.status();
            case HTTP_5XX -> fetched.status() == 429 ? "http-429" : "http-5xx";
            default -> fetched.outcome().reason();
        };
    }
}
