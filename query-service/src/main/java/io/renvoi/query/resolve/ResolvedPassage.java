package io.renvoi.query.resolve;

import io.renvoi.query.retrieval.Hit;

/** A retrieved chunk after re-reading: its status and, when usable, its text. */
public record ResolvedPassage(Hit hit, PassageStatus status, String text) {}
