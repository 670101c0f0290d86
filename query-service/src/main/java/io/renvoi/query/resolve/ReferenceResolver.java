package io.renvoi.query.resolve;

import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.fetch.FetchOutcome;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.retrieval.Hit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads the text of retrieved chunks from their sources: one fetch per document, all documents in
 * parallel under one deadline; re-extracts with the stored extractor version, slices by offsets and checks
 * each chunk's sha256. Publishes what it finds about gone and changed sources.
 */
@ApplicationScoped
public class ReferenceResolver {
    private final SafeFetcher fetcher;
    private final SourceEventPublisher events;
    private final QueryConfig config;
    private final ContentExtractor extractor = new ContentExtractor();
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "passage-resolver");
        t.setDaemon(true);
        return t;
    });

    ReferenceResolver(SafeFetcher fetcher, SourceEventPublisher events, QueryConfig config) {
        this.fetcher = fetcher;
        this.events = events;
        this.config = config;
    }

    /** Resolves every hit, in the order given. */
    public List<ResolvedPassage> resolve(List<Hit> hits, String collection) {
        Map<String, List<Hit>> byDoc = new LinkedHashMap<>();
        for (Hit h : hits) {
            byDoc.computeIfAbsent(h.docId(), d -> new ArrayList<>()).add(h);
        }
        Map<String, CompletableFuture<List<ResolvedPassage>>> futures = new LinkedHashMap<>();
        byDoc.forEach((docId, docHits) -> futures.put(docId,
                CompletableFuture.supplyAsync(() -> resolveDocument(docHits, collection), pool)
                        .completeOnTimeout(unreachable(docHits), config.resolveDeadline().toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(e -> unreachable(docHits))));
        Map<String, ResolvedPassage> byChunk = new LinkedHashMap<>();
        for (var f : futures.values()) {
            for (ResolvedPassage p : f.join()) {
                byChunk.put(p.hit().chunkId(), p);
            }
        }
        return hits.stream().map(h -> byChunk.get(h.chunkId())).toList();
    }

    private List<ResolvedPassage> resolveDocument(List<Hit> hits, String collection) {
        Hit first = hits.get(0);
        FetchResult fetched = fetcher.fetch(first.url());
        if (fetched.outcome() == FetchOutcome.GONE) {
            events.gone(first.docId(), first.url(), collection, fetched.status());
            return withStatus(hits, PassageStatus.GONE);
        }
        if (!fetched.ok()) {
            return unreachable(hits);
        }
        ContentExtractor.Extraction extraction = extractor.extract(fetched.body(), fetched.contentType(), fetched.charset(),
                fetched.finalUrl());
        if (!extraction.ok() || (first.extractorVersion() != null
                && !first.extractorVersion().equals(extraction.document().extractorVersion()))) {
            // The source's type or our extractor changed since indexing: offsets cannot be trusted; re-ingest.
            events.changed(first.docId(), first.url(), collection);
            return withStatus(hits, PassageStatus.CHANGED);
        }
        ExtractedDocument doc = extraction.document();
        String text = doc.text();
        List<ResolvedPassage> out = new ArrayList<>();
        boolean changed = false;
        for (Hit h : hits) {
            String slice = h.end() <= text.length() && h.start() >= 0 && h.start() <= h.end() ? text.substring(h.start(), h.end()) : null;
            if (slice != null && Sha256.hex(slice).equals(h.chunkSha256())) {
                out.add(new ResolvedPassage(h, PassageStatus.VERIFIED, slice));
            } else {
                out.add(new ResolvedPassage(h, PassageStatus.CHANGED, null));
                changed = true;
            }
        }
        if (changed) {
            events.changed(first.docId(), first.url(), collection);
        }
        return out;
    }

    private static List<ResolvedPassage> unreachable(List<Hit> hits) {
        return withStatus(hits, PassageStatus.UNREACHABLE);
    }

    private static List<ResolvedPassage> withStatus(List<Hit> hits, PassageStatus status) {
        return hits.stream().map(h -> new ResolvedPassage(h, status, null)).toList();
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
