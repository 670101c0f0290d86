package io.renvoi.query.cache;

/**
 * Identity of a cached chunk: its document, its position and the sha256 of its text, so that a chunk whose
 * text changed (a new sha256 in the index) can never be served from an older entry.
 */
public record PassageKey(String docId, int ord, String sha256) {}
