package io.renvoi.links.check;

import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.extract.HtmlExtractor;
import io.renvoi.common.fetch.FetchConfig;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.Sha256;
import io.renvoi.links.check.Verdict.Kind;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.LinkEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks robots.txt, then fetches a registered URL with a conditional GET through the shared {@link SafeFetcher} and classifies the
 * response into a {@link Verdict}. The text is extracted and hashed exactly as ingest does, so "same hash"
 * means the indexed chunks still match the page.
 */
@ApplicationScoped
public class LinkProbe {
    private final SafeFetcher fetcher;
    private final LinkCheckerConfig config;
    private final RobotsRules robots;
    private final HtmlExtractor extractor = new HtmlExtractor();
    private final Chunker chunker = Chunker.forMiniLm();

    LinkProbe(SafeFetcher fetcher, LinkCheckerConfig config, FetchConfig fetchConfig) {
        this.fetcher = fetcher;
        this.config = config;
        this.robots = new RobotsRules(fetcher, fetchConfig.userAgent(), config.robotsTtl());
    }

    public Verdict probe(LinkEntry entry) {
        if (robots.disallows(entry.url)) {
            return Verdict.of(Kind.EVICT, "robots", 0, "robots.txt now disallows the page", 0);
        }
        FetchResult r = fetcher.fetch(entry.url, entry.etag, entry.lastModified);
        long bytes = r.body().length;
        return switch (r.outcome()) {
            case NOT_MODIFIED -> new Verdict(Kind.UNCHANGED, "not-modified", r.status(), "304", null, null, 0,
                    entry.docSha256, List.of(), List.of(), r.etag() != null ? r.etag() : entry.etag,
                    r.lastModified() != null ? r.lastModified() : entry.lastModified);
            case OK -> page(entry, r, bytes);
            case GONE -> Verdict.of(Kind.EVICT, "gone", r.status(), r.detail(), bytes);
            case HTTP_4XX -> (r.status() == 401 || r.status() == 403) && config.evictOnAccessLost()
                    ? Verdict.of(Kind.EVICT, "access-lost", r.status(), r.detail(), bytes)
                    : Verdict.of(Kind.STRIKE, "http-" + r.status(), r.status(), r.detail(), bytes);
            case HTTP_5XX -> new Verdict(Kind.STRIKE, "http-" + r.status(), r.status(), r.detail(), null,
                    r.retryAfter(), bytes, null, List.of(), List.of(), null, null);
            // timeouts, DNS, refused connections, redirect loops, size and address refusals: transient until
            // they persist (an address refusal can be a DNS hiccup)
            default -> Verdict.of(Kind.STRIKE, r.outcome().reason(), r.status(), r.detail(), bytes);
        };
    }

    private Verdict page(LinkEntry entry, FetchResult r, long bytes) {
        if (r.permanentRedirect() && !UrlNormalizer.normalize(r.finalUrl()).equals(UrlNormalizer.normalize(entry.url))) {
            return new Verdict(Kind.MOVED, "moved", r.status(), "permanently redirected to " + r.finalUrl(),
                    r.finalUrl(), null, bytes, null, List.of(), List.of(), null, null);
        }
        ExtractedDocument doc = extractor.extract(r.bodyText(), r.finalUrl());
        if (doc.noindex()) {
            return Verdict.of(Kind.EVICT, "noindex", r.status(), "the page now asks not to be indexed", bytes);
        }
        String sha = Sha256.hex(doc.text());
        if (entry.docSha256 == null || entry.docSha256.equals(sha)) {
            return new Verdict(Kind.UNCHANGED, entry.docSha256 == null ? "baseline" : "same-text", r.status(),
                    "text hash unchanged", null, null, bytes, sha, List.of(), List.of(), r.etag(), r.lastModified());
        }
        List<String> hashes = chunker.chunk(doc.text()).stream().map(Chunk::sha256).toList();
        Set<String> present = new HashSet<>(hashes);
        List<Integer> changed = new ArrayList<>();
        for (int ord = 0; ord < entry.chunkHashes.size(); ord++) {
            if (!present.contains(entry.chunkHashes.get(ord))) {
                changed.add(ord);
            }
        }
        return new Verdict(Kind.CHANGED, "changed", r.status(), changed.size() + " of " + entry.chunkHashes.size()
                + " indexed passages changed", null, null, bytes, sha, hashes, changed, r.etag(), r.lastModified());
    }
}
