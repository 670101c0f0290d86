package io.renvoi.common.fetch;

/** How a fetch ended; the names (lower case, dashes) are the failure reasons reported to users. */
public enum FetchOutcome {
    OK("ok"),
    NOT_MODIFIED("not-modified"),
    GONE("gone"),
    HTTP_4XX("http-4xx"),
    HTTP_5XX("http-5xx"),
    PRIVATE_ADDRESS("private-address"),
    TOO_LARGE("too-large"),
    UNSUPPORTED_TYPE("unsupported-type"),
    ROBOTS_DISALLOWED("robots-disallowed"),
    TLS("tls"),
    TOO_MANY_REDIRECTS("too-many-redirects"),
    TIMEOUT("timeout"),
    DNS("dns"),
    CONNECTION("connection"),
    INVALID_URL("invalid-url");

    private final String reason;

    FetchOutcome(String reason) {
        this.reason = reason;
    }

    /** The reason string shown in job reports and events. */
    public String reason() {
        return reason;
    }
}
