package io.renvoi.query.resolve;

import io.renvoi.query.retrieval.Hit;

/**
 * A retrieved chunk after re-reading: its status and, when usable, its text. A passage is usable when it
 * has a text: {@code verified} and {@code cached} ones, and {@code unreachable} ones kept from the cache when
 * {@code renvoi.query.passage-cache.keep-unreachable} is on. {@code checkedAt} (epoch millis) is when the text was
 * last seen at its source: now for a re-read, the cache entry's time for a cached or kept one.
 */
public record ResolvedPassage(Hit hit, PassageStatus status, String text, long checkedAt) {
    /** A passage checked at its source now (or found unusable now). */
    public ResolvedPassage(Hit hit, PassageStatus status, String text) {
        this(hit, status, text, System.currentTimeMillis());
    }

    public boolean usable() {
        return text != null;
    }
}
