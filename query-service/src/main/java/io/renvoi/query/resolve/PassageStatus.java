package io.renvoi.query.resolve;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What re-reading a cited passage found. Only VERIFIED and CACHED passages reach the prompt. */
public enum PassageStatus {
    /** Fetched from its source now and its sha256 matches. */
    VERIFIED,
    /** Served from the passage cache. */
    CACHED,
    /** The source answered but the passage's hash differs: dropped, re-ingest requested. */
    CHANGED,
    /** The source is gone (404/410): dropped, observation published. */
    GONE,
    /** The source could not be read in time (timeout, 5xx, refused): dropped. */
    UNREACHABLE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usable() {
        return this == VERIFIED || this == CACHED;
    }
}
