package io.renvoi.ingest.worker;

import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.fetch.FetchOutcome;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Turns an ingest request into a document: fetch (safely, conditionally when the document is indexed),
 * extract, chunk, hash. Returns an UPSERT ready for rag.documents, "unchanged" when the text hash,
 * extractor version and embedding version equal the indexed ones (or the server answers 304), or the reason
 * the URL cannot be indexed. Reads rag-chunks (through {@link IndexedDocuments}); writes nothing.
 */
@ApplicationScoped
public class DocumentBuilder {
    private final SafeFetcher fetcher;
    private final IndexedDocuments indexed;
    private final ContentExtractor extractor = new ContentExtractor();
    private final Chunker chunker = Chunker.forMiniLm();

    DocumentBuilder(SafeFetcher fetcher, IndexedDocuments indexed) {
        this.fetcher = fetcher;
        this.indexed = indexed;
    }

    /** The outcome of building one document. */
    public sealed interface Built {}

    public record Upsert(DocumentEvent event) implements Built {}

    public record Unchanged(String why) implements Built {}

    public record Refused(String reason, String detail) implements Built {}

    public Built build(IngestRequest request) {
        // A document indexed by an older extractor or embedding model must be re-extracted and re-embedded even
        // if its source did not change: no conditional request for it, so a 304 cannot hide it.
        Optional<IndexedDocuments.Indexed> current = indexed.find(request.docId())
                .filter(IndexedDocuments.Indexed::byCurrentVersions);
        FetchResult fetched = current
                .map(c -> fetcher.fetch(request.url(), c.etag(), c.lastModified()))
                .orElseGet(() -> fetcher.fetch(request.url()));
        if (fetched.outcome() == FetchOutcome.NOT_MODIFIED && current.isPresent()) {
            return new Unchanged("304 not modified");
        }
        if (!fetched.ok()) {
            return new Refused(reason(fetched), fetched.detail());
        }
        ContentExtractor.Extraction extraction = extractor.extract(fetched.body(), fetched.contentType(), fetched.charset(),
                fetched.finalUrl());
        if (!extraction.ok()) {
            return new Refused(extraction.reason(), extraction.detail());
        }
        ExtractedDocument doc = extraction.document();
        if (doc.noindex()) {
            return new Refused("noindex", "the page asks not to be indexed");
        }
        if (doc.text().isBlank()) {
            return new Refused("empty", "no text found in the page");
        }
        String docSha = Sha256.hex(doc.text());
        if (current.isPresent() && docSha.equals(current.get().docSha256())
                && doc.extractorVersion().equals(current.get().extractorVersion())) {
            return new Unchanged("same text, extractor and embedding versions as indexed");
        }
        List<ChunkRef> chunks = chunker.chunk(doc.text()).stream()
                .map(c -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()))
                .toList();
        long now = System.currentTimeMillis();
        String type = fetched.contentType() == null ? "text/html" : fetched.contentType();
        return new Upsert(new DocumentEvent(DocumentEvent.Type.UPSERT, request.docId(), request.url(), fetched.finalUrl(),
                request.collection(), doc.title(), type, fetched.etag(), fetched.lastModified(), docSha,
                doc.extractorVersion(), now, now, request.jobId(), chunks, null));
    }

    /** The job failure reason of a fetch: http-404, http-410, http-403, http-5xx, or the outcome's reason. */
    static String reason(FetchResult fetched) {
        return switch (fetched.outcome()) {
            case GONE, HTTP_4XX -> "http-" + fetched.status();
            case HTTP_5XX -> fetched.status() == 429 ? "http-429" : "http-5xx";
            default -> fetched.outcome().reason();
        };
    }
}
