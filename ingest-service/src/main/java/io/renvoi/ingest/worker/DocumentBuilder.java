package io.renvoi.ingest.worker;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.source.SourceRead;
import io.renvoi.common.source.SourceReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Turns an ingest request into a document through the shared {@link SourceReader} (fetch, conditionally when
 * the document is indexed; extract within limits; hash; chunk). Returns an UPSERT ready for rag.documents,
 * "unchanged" when the text hash, extractor version and embedding version equal the indexed ones (or the
 * server answers 304, or the sitemap's lastmod is older than the indexed fetch), or the reason the URL cannot
 * be indexed. Reads rag-chunks (through {@link IndexedDocuments}); writes nothing.
 */
@ApplicationScoped
public class DocumentBuilder {
    @Inject
    SourceReader reader;

    @Inject
    IndexedDocuments indexed;

    /** The outcome of building one document. */
    public sealed interface Built {}

    public record Upsert(DocumentEvent event) implements Built {}

    public record Unchanged(String why) implements Built {}

    public record Refused(String reason, String detail) implements Built {}

    public Built build(IngestRequest request) {
        return build(request, false);
    }

    /**
     * @param regardlessOfIndex build an UPSERT even if the indexed copy looks current (a document just deleted,
     *     whose chunks may still be there until the DELETE is applied)
     */
    public Built build(IngestRequest request, boolean regardlessOfIndex) {
        // A document indexed by an older extractor or embedding model must be re-extracted and re-embedded even
        // if its source did not change: no conditional request for it, so a 304 cannot hide it.
        Optional<IndexedDocuments.Indexed> current = regardlessOfIndex
                ? Optional.empty()
                : indexed.find(request.docId()).filter(IndexedDocuments.Indexed::byCurrentVersions);
        if (current.isPresent()
                && request.sitemapLastModified() != null
                && current.get().fetchedAt() != null
                && request.sitemapLastModified() <= current.get().fetchedAt()) {
            return new Unchanged("sitemap lastmod is not after the indexed fetch");
        }
        SourceRead read = current.map(c -> reader.read(request.url(), c.etag(), c.lastModified()))
                .orElseGet(() -> reader.read(request.url()));
        if (read instanceof SourceRead.NotModified) {
            return current.isPresent()
                    ? new Unchanged("304 not modified")
                    : new Refused("http-4xx", "a 304 answered a request without validators");
        }
        if (read instanceof SourceRead.Failed failed) {
            return new Refused(failed.reason(), failed.detail());
        }
        SourceRead.Page page = (SourceRead.Page) read;
        ExtractedDocument doc = page.document();
        if (doc.noindex()) {
            return new Refused("noindex", "the page asks not to be indexed");
        }
        if (doc.text().isBlank()) {
            return new Refused("empty", "no text found in the page");
        }
        if (current.isPresent()
                && page.docSha256().equals(current.get().docSha256())
                && doc.extractorVersion().equals(current.get().extractorVersion())) {
            return new Unchanged("same text, extractor and embedding versions as indexed");
        }
        List<ChunkRef> chunks = page.chunks().stream()
                .map(c -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()))
                .toList();
        FetchResult fetched = page.fetch();
        long now = System.currentTimeMillis();
        String type = fetched.contentType() == null ? "text/html" : fetched.contentType();
        return new Upsert(DocumentEvent.upsert(request.docId(), request.url(), request.collection())
                .finalUrl(fetched.finalUrl())
                .title(doc.title())
                .contentType(type)
                .validators(fetched.etag(), fetched.lastModified())
                .extracted(page.docSha256(), doc.extractorVersion())
                .epoch(now, now)
                .jobId(request.jobId())
                .chunks(chunks)
                .build());
    }
}
