package io.renvoi.common.fetch;

import java.util.Locale;

/** How a fetch ended; the names (lower case, dashes) are the failure reasons reported to users. */
public enum FetchOutcome {
    OK,
    NOT_MODIFIED,
    GONE,
    HTTP_4XX,
    HTTP_5XX,
    PRIVATE_ADDRESS,
    TOO_LARGE,
    UNSUPPORTED_TYPE,
    ROBOTS_DISALLOWED,
    TLS,
    TOO_MANY_REDIRECTS,
    TIMEOUT,
    DNS,
    CONNECTION,
    INVALID_URL;

    /** The reason string shown in job reports and events: the name in lower case with dashes ({@code too-large}). */
    public String reason() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
