package io.renvoi.query.resolve;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.fetch.FetchOutcome;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.source.SourceRead;
import io.renvoi.common.source.SourceReader;
import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.admission.TooBusyException;
import io.renvoi.query.cache.CachedPassage;
import io.renvoi.query.cache.PassageCache;
import io.renvoi.query.cache.PassageCacheConfig;
import io.renvoi.query.retrieval.Hit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the text of retrieved chunks: from the passage cache while fresh ({@code cached}), else from the
 * source through the shared {@link SourceReader} (the same fetch and extraction as ingest): one read per document
 * (conditional, with the cached validators, when every chunk needed is cached), all documents in parallel under
 * one deadline; slices by
 * the stored offsets and checks each chunk's sha256 ({@code verified}, stored in the cache, or
 * {@code changed}). A gone source (404/410) is {@code gone}; anything else that prevents reading it in time is
 * {@code unreachable}. Publishes a CHANGED re-ingest request for a changed document and an observation on
 * rag.links for a gone one (via {@link SourceEventPublisher}). Counts {@code renvoi.query.passages{status}}.
 */
@ApplicationScoped
public class ReferenceResolver {
    private final SourceReader reader;
    private final SourceEventPublisher events;
    private final QueryConfig config;
    private final PassageCache cache;
    private final PassageCacheConfig cacheConfig;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor pool;

    ReferenceResolver(
            SourceReader reader,
            SourceEventPublisher events,
            QueryConfig config,
            PassageCache cache,
            PassageCacheConfig cacheConfig,
            MeterRegistry registry) {
        this.reader = reader;
        this.events = events;
        this.config = config;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
        this.registry = registry;
        this.pool = DaemonThreads.boundedPool(
                "passage-resolver",
                config.reRead().threads(),
                Math.max(1, config.reRead().queue()));
        registry.gauge("renvoi.query.rereads.queued", pool, e -> e.getQueue().size());
        registry.gauge("renvoi.query.rereads.active", pool, ThreadPoolExecutor::getActiveCount);
    }

    /**
     * Resolves every hit, in the order given. Documents whose chunks are all fresh in the cache are answered at
     * once; the others are re-read on the bounded pool, and whatever is not done at the deadline is cancelled
     * (a queued read never starts, a running one is interrupted) and reported {@code unreachable}.
     *
     * @throws TooBusyException when the re-read queue has no room for this answer's documents (nothing of it runs)
     */
    public List<ResolvedPassage> resolve(List<Hit> hits, String collection) {
        Map<String, List<Hit>> byDoc = new LinkedHashMap<>();
        for (Hit h : hits) {
            byDoc.computeIfAbsent(h.docId(), d -> new ArrayList<>()).add(h);
        }
        long deadline = System.nanoTime() + config.resolveDeadline().toNanos();
        Map<String, ResolvedPassage> byChunk = new LinkedHashMap<>();
        Map<List<Hit>, Future<List<ResolvedPassage>>> reads = new LinkedHashMap<>();
        try {
            for (List<Hit> docHits : byDoc.values()) {
                List<ResolvedPassage> fresh = freshFromCache(docHits);
                if (fresh != null) {
                    fresh.forEach(p -> byChunk.put(p.hit().chunkId(), p));
                } else {
                    reads.put(docHits, pool.submit(() -> resolveDocument(docHits, collection)));
                }
            }
        } catch (RejectedExecutionException e) {
            reads.values().forEach(f -> f.cancel(true));
            pool.purge();
            registry.counter("renvoi.query.rereads.rejected").increment();
            throw new TooBusyException(
                    "too many source re-reads waiting (at most "
                            + config.reRead().queue() + "); retry later",
                    config.limits().retryAfter());
        }
        boolean interrupted = false;
        for (var read : reads.entrySet()) {
            List<ResolvedPassage> resolved;
            try {
                resolved = interrupted
                        ? null
                        : read.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                resolved = null;
            } catch (InterruptedException e) {
                interrupted = true;
                resolved = null;
            } catch (ExecutionException | CancellationException e) {
                resolved = unreachable(read.getKey());
            }
            if (resolved == null) {
                read.getValue().cancel(true);
                registry.counter("renvoi.query.rereads.cancelled").increment();
                resolved = unreachable(read.getKey());
            }
            resolved.forEach(p -> byChunk.put(p.hit().chunkId(), p));
        }
        pool.purge(); // reads cancelled while queued leave the queue now, not when a thread reaches them
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<ResolvedPassage> out =
                hits.stream().map(h -> byChunk.get(h.chunkId())).toList();
        out.forEach(p -> registry.counter(
                        "renvoi.query.passages", "status", p.status().json())
                .increment());
        return out;
    }

    /** The document's passages from the cache when every chunk is there and fresh, else null. */
    private List<ResolvedPassage> freshFromCache(List<Hit> hits) {
        long now = System.currentTimeMillis();
        long maxAge = cacheConfig.maxAge().toMillis();
        List<ResolvedPassage> out = new ArrayList<>();
        for (Hit h : hits) {
            CachedPassage c = cache.get(h.docId(), h.ord(), h.chunkSha256()).orElse(null);
            if (c == null || now - c.verifiedAt() > maxAge) {
                return null;
            }
            out.add(new ResolvedPassage(h, PassageStatus.CACHED, c.text(), c.verifiedAt()));
        }
        return out;
    }

    private List<ResolvedPassage> resolveDocument(List<Hit> hits, String collection) {
        long now = System.currentTimeMillis();
        long maxAge = cacheConfig.maxAge().toMillis();
        Map<String, CachedPassage> cached = new LinkedHashMap<>();
        boolean allFresh = true;
        boolean allCached = true;
        for (Hit h : hits) {
            CachedPassage c = cache.get(h.docId(), h.ord(), h.chunkSha256()).orElse(null);
            if (c != null) {
                cached.put(h.chunkId(), c);
            }
            allCached &= c != null;
            allFresh &= c != null && now - c.verifiedAt() <= maxAge;
        }
        if (allFresh) {
            return hits.stream()
                    .map(h -> {
                        CachedPassage c = cached.get(h.chunkId());
                        return new ResolvedPassage(h, PassageStatus.CACHED, c.text(), c.verifiedAt());
                    })
                    .toList();
        }
        Hit first = hits.get(0);
        CachedPassage validators = allCached ? cached.get(first.chunkId()) : null;
        SourceRead read = validators == null
                ? reader.read(first.url())
                : reader.read(first.url(), validators.etag(), validators.lastModified());
        FetchResult fetched = read.fetch();
        if (fetched.outcome() == FetchOutcome.GONE) {
            cache.invalidateDocument(first.docId());
            events.gone(first.docId(), first.url(), collection, fetched.status());
            return withStatus(hits, PassageStatus.GONE);
        }
        if (read instanceof SourceRead.NotModified && allCached) {
            List<ResolvedPassage> out = new ArrayList<>();
            for (Hit h : hits) {
                CachedPassage c = cached.get(h.chunkId());
                cache.put(
                        h.docId(),
                        h.ord(),
                        h.chunkSha256(),
                        new CachedPassage(c.text(), c.etag(), c.lastModified(), now));
                out.add(new ResolvedPassage(h, PassageStatus.VERIFIED, c.text()));
            }
            return out;
        }
        if (!fetched.ok()) {
            return keptOrUnreachable(hits, cached);
        }
        if (!(read instanceof SourceRead.Page page)
                || (first.extractorVersion() != null
                        && !first.extractorVersion().equals(page.document().extractorVersion()))) {
            // The source's type or our extractor changed since indexing: offsets cannot be trusted; re-ingest.
            cache.invalidateDocument(first.docId());
            events.changed(first.docId(), first.url(), collection);
            return withStatus(hits, PassageStatus.CHANGED);
        }
        String text = page.text();
        List<ResolvedPassage> out = new ArrayList<>();
        boolean changed = false;
        for (Hit h : hits) {
            String slice = h.start() >= 0 && h.start() <= h.end() && h.end() <= text.length()
                    ? text.substring(h.start(), h.end())
                    : null;
            if (slice != null && Sha256.hex(slice).equals(h.chunkSha256())) {
                cache.put(
                        h.docId(),
                        h.ord(),
                        h.chunkSha256(),
                        new CachedPassage(slice, fetched.etag(), fetched.lastModified(), now));
                out.add(new ResolvedPassage(h, PassageStatus.VERIFIED, slice));
            } else {
                out.add(new ResolvedPassage(h, PassageStatus.CHANGED, null));
                changed = true;
            }
        }
        if (changed) {
            cache.invalidateDocument(first.docId());
            events.changed(first.docId(), first.url(), collection);
        }
        return out;
    }

    /** Unreachable passages, each kept with its cached text when so configured. */
    private List<ResolvedPassage> keptOrUnreachable(List<Hit> hits, Map<String, CachedPassage> cached) {
        if (!cacheConfig.keepUnreachable()) {
            return unreachable(hits);
        }
        return hits.stream()
                .map(h -> {
                    CachedPassage c = cached.get(h.chunkId());
                    return c == null
                            ? new ResolvedPassage(h, PassageStatus.UNREACHABLE, null)
                            : new ResolvedPassage(h, PassageStatus.UNREACHABLE, c.text(), c.verifiedAt());
                })
                .toList();
    }

    /** What a document resolves to when its deadline passes. */
    private List<ResolvedPassage> unreachable(List<Hit> hits) {
        if (cacheConfig.keepUnreachable()) {
            Map<String, CachedPassage> cached = new LinkedHashMap<>();
            hits.forEach(
                    h -> cache.get(h.docId(), h.ord(), h.chunkSha256()).ifPresent(c -> cached.put(h.chunkId(), c)));
            return hits.stream()
                    .map(h -> new ResolvedPassage(
                            h,
                            PassageStatus.UNREACHABLE,
                            cached.containsKey(h.chunkId())
                                    ? cached.get(h.chunkId()).text()
                                    : null))
                    .toList();
        }
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
