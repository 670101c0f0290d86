package io.renvoi.query.resolve;

import io.renvoi.query.retrieval.Hit;

/**
 * A retrieved chunk after re-reading: its status and, when usable, its text. A passage is usable when it
 * has a text: {@code verified} and {@code cached} ones, and {@code unreachable} ones kept from the cache when
 * {@code renvoi.query.passage-cache.keep-unreachable} is on.
 */
public record ResolvedPassage(Hit hit, PassageStatus status, String text) {
    public boolean usable() {
        return text != null;
    }
}
