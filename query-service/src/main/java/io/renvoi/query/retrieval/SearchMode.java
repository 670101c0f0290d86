package io.renvoi.query.retrieval;

/** How chunks are retrieved: by meaning, by keywords, or both fused. */
public enum SearchMode {
    VECTOR,
    BM25,
    HYBRID
}
