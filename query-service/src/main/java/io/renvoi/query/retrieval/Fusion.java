package io.renvoi.query.retrieval;

/** Reciprocal rank fusion parameters: score = vectorWeight / (rankConstant + rank) + bm25Weight / (...). */
public record Fusion(int rankConstant, double vectorWeight, double bm25Weight) {}
