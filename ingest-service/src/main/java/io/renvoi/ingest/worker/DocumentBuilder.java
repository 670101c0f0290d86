package io.renvoi.ingest.worker;

import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.extract.HtmlExtractor;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Turns an ingest request into a document: fetch (safely), extract, chunk, hash. Returns either an UPSERT
 * event ready for rag.documents or the reason the URL cannot be indexed.
 */
@ApplicationScoped
public class DocumentBuilder {
    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");

    private final SafeFetcher fetcher;
    private final HtmlExtractor extractor = new HtmlExtractor();
    private final Chunker chunker = Chunker.forMiniLm();

    DocumentBuilder(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** The outcome of building one document. */
    public sealed interface Built {}

    public record Upsert(DocumentEvent event) implements Built {}

    public record Refused(String reason, String detail) implements Built {}

    public Built build(IngestRequest request) {
        FetchResult fetched = fetcher.fetch(request.url());
        if (!fetched.ok()) {
            String reason = fetched.status() > 0 ? "http-" + (fetched.status() >= 500 ? "5xx" : fetched.status())
                    : fetched.outcome().reason();
            return new Refused(reason, fetched.detail());
        }
        String type = fetched.contentType() == null ? "text/html" : fetched.contentType();
        ExtractedDocument doc;
        if (HTML_TYPES.contains(type)) {
            doc = extractor.extract(fetched.bodyText(), fetched.finalUrl());
        } else {
            return new Refused("unsupported-type", "cannot extract text from " + type);
        }
        if (doc.noindex()) {
            return new Refused("noindex", "the page asks not to be indexed");
        }
        if (doc.text().isBlank()) {
            return new Refused("empty", "no text found in the page");
        }
        List<ChunkRef> chunks = chunker.chunk(doc.text()).stream()
                .map(c -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()))
                .toList();
        long now = System.currentTimeMillis();
        return new Upsert(new DocumentEvent(DocumentEvent.Type.UPSERT, request.docId(), request.url(), fetched.finalUrl(),
                request.collection(), doc.title(), type, fetched.etag(), fetched.lastModified(), Sha256.hex(doc.text()),
                doc.extractorVersion(), now, now, request.jobId(), chunks, null));
    }

}
