package io.renvoi.query.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.renvoi.common.hash.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded cache of chunk texts (Caffeine, weighed in bytes): the only part of the documents query-service
 * keeps. Keyed by {@link PassageKey} (document, ord, sha256); a text is only stored if it hashes to its key.
 * Keeps an index of keys by document so a document can be dropped at once (DELETE, new epoch). Metrics
 * {@code cache.*{cache=passages}}. Disabled (nothing stored, nothing found) when max-bytes is 0.
 */
@ApplicationScoped
public class PassageCache {
    /** Bytes counted per entry besides its strings (entry, key, value and index objects). */
    static final int ENTRY_OVERHEAD = 160;

    private final Cache<PassageKey, CachedPassage> cache;
    private final Map<String, Set<PassageKey>> byDoc = new ConcurrentHashMap<>();

    public PassageCache(PassageCacheConfig config, MeterRegistry registry) {
        if (config.maxBytes() <= 0) {
            cache = null;
            return;
        }
        cache = Caffeine.newBuilder()
                .maximumWeight(config.maxBytes())
                .weigher((PassageKey k, CachedPassage v) -> weight(k, v))
                .evictionListener((PassageKey k, CachedPassage v, RemovalCause cause) -> unindex(k))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, "passages");
    }

    public boolean enabled() {
        return cache != null;
    }

    public Optional<CachedPassage> get(String docId, int ord, String sha256) {
        return cache == null
                ? Optional.empty()
                : Optional.ofNullable(cache.getIfPresent(new PassageKey(docId, ord, sha256)));
    }

    /** Stores a chunk text if it hashes to {@code sha256}; returns whether it was stored. */
    public boolean put(String docId, int ord, String sha256, CachedPassage passage) {
        if (cache == null
                || passage.text() == null
                || sha256 == null
                || !Sha256.hex(passage.text()).equals(sha256)) {
            return false;
        }
        PassageKey key = new PassageKey(docId, ord, sha256);
        // indexed inside the entry's compute so that an eviction of the same key cannot interleave
        cache.asMap().compute(key, (k, old) -> {
            byDoc.computeIfAbsent(docId, d -> ConcurrentHashMap.newKeySet()).add(k);
            return passage;
        });
        return true;
    }

    /** Drops every cached chunk of the document. */
    public void invalidateDocument(String docId) {
        retainDocument(docId, Set.of());
    }

    /** Drops the cached chunks of the document whose key is not in {@code current} (a new epoch replaced them). */
    public void retainDocument(String docId, Set<PassageKey> current) {
        if (cache == null) {
            return;
        }
        Set<PassageKey> keys = byDoc.get(docId);
        if (keys == null) {
            return;
        }
        for (PassageKey k : Set.copyOf(keys)) {
            if (!current.contains(k)) {
                cache.asMap().compute(k, (key, v) -> {
                    unindex(key);
                    return null;
                });
            }
        }
    }

    /** Bytes the cache holds, by its own weighing (0 when disabled). */
    public long weightedBytes() {
        return cache == null
                ? 0
                : cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long entries() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    private void unindex(PassageKey k) {
        byDoc.computeIfPresent(k.docId(), (d, keys) -> {
            keys.remove(k);
            return keys.isEmpty() ? null : keys;
        });
    }

    static int weight(PassageKey k, CachedPassage v) {
        long chars = (long) k.docId().length()
                + k.sha256().length()
                + v.text().length()
                + (v.etag() == null ? 0 : v.etag().length())
                + (v.lastModified() == null ? 0 : v.lastModified().length());
        return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 2 * chars);
    }
}
