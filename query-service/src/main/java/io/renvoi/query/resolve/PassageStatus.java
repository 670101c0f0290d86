package io.renvoi.query.resolve;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What re-reading a cited passage found. VERIFIED and CACHED passages reach the prompt; UNREACHABLE ones
 * only when kept from the cache (see {@link ResolvedPassage#usable()}).
 */
public enum PassageStatus {
    /** Fetched from its source now and its sha256 matches. */
    VERIFIED,
    /** Served from the passage cache (seen at its source within the cache's max-age), not re-read now. */
    CACHED,
    /** The source answered but the passage's hash differs: dropped, re-ingest requested. */
    CHANGED,
    /** The source is gone (404/410): dropped, observation published. */
    GONE,
    /** The source could not be read in time (timeout, 5xx, refused, robots): dropped unless kept from the cache. */
    UNREACHABLE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
