package io.renvoi.ingest.jobs;

import java.util.Locale;

/**
 * Where one URL of a job stands. The rank orders the states: a write never replaces a higher rank
 * (OpenSearch external_gte versioning with the rank as version), so a late "fetched" cannot undo an
 * "indexed" that rag.indexed delivered first, and replays rewrite the same state.
 */
public enum UrlState {
    FETCHED(2),
    UNCHANGED(3),
    INDEXED(3),
    FAILED(3);

    private final int rank;

    UrlState(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }
}
