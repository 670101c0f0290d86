package io.renvoi.ingest.jobs;

import java.util.Locale;

/**
 * Where one URL of a job stands. The rank orders the states: a write never replaces a higher rank
 * (OpenSearch external_gte versioning with the rank as version), so a late "fetched" cannot undo an
 * "indexed" that rag.indexed delivered first, and replays rewrite the same state. "unchanged" ranks lowest:
 * when a request is delivered again after a crash, the second delivery finds the page it just published
 * already indexed and says "unchanged", which must not hide that this job fetched and indexed it.
 */
public enum UrlState {
    UNCHANGED(1),
    FETCHED(2),
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
