package io.renvoi.links.check;

import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.source.SourceRead;
import io.renvoi.common.source.SourceReader;
import io.renvoi.links.check.Verdict.Kind;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.LinkEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks robots.txt (the fetcher's crawler-commons rules: a clear "disallowed" evicts with reason {@code robots}),
 * then reads a registered URL with a conditional GET through the shared {@link SourceReader}, the same fetch,
 * extraction (by media type, within the same limits), hashing and chunking as ingest, so "same hash" means the
 * indexed chunks still match the page; classifies the outcome into a {@link Verdict}. Reads the web only.
 */
@ApplicationScoped
public class LinkProbe {
    @Inject
    SourceReader reader;

    @Inject
    LinkCheckerConfig config;

    public Verdict probe(LinkEntry entry) {
        if (reader.fetcher().robotsVerdict(entry.url) == SafeFetcher.RobotsVerdict.DISALLOWED) {
            return Verdict.of(Kind.EVICT, "robots", 0, "robots.txt now disallows the page", 0);
        }
        SourceRead read = reader.read(entry.url, entry.etag, entry.lastModified);
        FetchResult r = read.fetch();
        long bytes = r.body().length;
        if (read instanceof SourceRead.NotModified) {
            return Verdict.of(Kind.UNCHANGED, "not-modified", r.status(), "304", 0)
                    .withText(entry.docSha256, List.of(), List.of())
                    .withValidators(
                            r.etag() != null ? r.etag() : entry.etag,
                            r.lastModified() != null ? r.lastModified() : entry.lastModified);
        }
        if (read instanceof SourceRead.Page page) {
            return page(entry, page, bytes);
        }
        SourceRead.Failed failed = (SourceRead.Failed) read;
        if (r.ok()) {
            // fetched, but the text cannot be extracted now (too large, unreadable, too slow): transient until it
            // persists
            return Verdict.of(Kind.STRIKE, failed.reason(), r.status(), failed.detail(), bytes);
        }
        return switch (r.outcome()) {
            // 410 says the page is gone on purpose; a 404 is also what a broken deployment answers
            case GONE -> Verdict.of(r.status() == 410 ? Kind.EVICT : Kind.LOSS, "gone", r.status(), r.detail(), bytes);
            case HTTP_4XX ->
                (r.status() == 401 || r.status() == 403) && config.evictOnAccessLost()
                        ? Verdict.of(Kind.LOSS, "access-lost", r.status(), r.detail(), bytes)
                        : Verdict.of(Kind.STRIKE, "http-" + r.status(), r.status(), r.detail(), bytes);
            case HTTP_5XX ->
                Verdict.of(Kind.STRIKE, "http-" + r.status(), r.status(), r.detail(), bytes)
                        .withRetryAfter(r.retryAfter());
            // timeouts, DNS, refused connections, redirect loops, size and address refusals: transient until
            // they persist (an address refusal can be a DNS hiccup)
            default -> Verdict.of(Kind.STRIKE, r.outcome().reason(), r.status(), r.detail(), bytes);
        };
    }

    private Verdict page(LinkEntry entry, SourceRead.Page page, long bytes) {
        FetchResult r = page.fetch();
        if (r.permanentRedirect()
                && !UrlNormalizer.normalize(r.finalUrl()).equals(UrlNormalizer.normalize(entry.url))) {
            return Verdict.of(Kind.MOVED, "moved", r.status(), "permanently redirected to " + r.finalUrl(), bytes)
                    .withNewUrl(r.finalUrl());
        }
        if (page.document().noindex()) {
            return Verdict.of(Kind.LOSS, "noindex", r.status(), "the page now asks not to be indexed", bytes);
        }
        String sha = page.docSha256();
        if (entry.docSha256 == null || entry.docSha256.equals(sha)) {
            return Verdict.of(
                            Kind.UNCHANGED,
                            entry.docSha256 == null ? "baseline" : "same-text",
                            r.status(),
                            "text hash unchanged",
                            bytes)
                    .withText(sha, List.of(), List.of())
                    .withValidators(r.etag(), r.lastModified());
        }
        List<String> hashes = page.chunks().stream().map(Chunk::sha256).toList();
        Set<String> present = new HashSet<>(hashes);
        List<Integer> changed = new ArrayList<>();
        for (int ord = 0; ord < entry.chunkHashes.size(); ord++) {
            if (!present.contains(entry.chunkHashes.get(ord))) {
                changed.add(ord);
            }
        }
        String detail = changed.size() + " of " + entry.chunkHashes.size() + " indexed passages changed";
        return Verdict.of(Kind.CHANGED, "changed", r.status(), detail, bytes)
                .withText(sha, hashes, changed)
                .withValidators(r.etag(), r.lastModified());
    }
}
