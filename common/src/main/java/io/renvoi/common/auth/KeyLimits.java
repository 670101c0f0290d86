package io.renvoi.common.auth;

/**
 * The per-key limits: concurrent ingest jobs, URLs submitted per hour, queries (search and answers) per second.
 * A null field means the operator's default ({@code renvoi.auth.default-limits.*}).
 */
public record KeyLimits(Integer concurrentJobs, Integer urlsPerHour, Double queriesPerSecond) {
    public static final KeyLimits DEFAULTS_ONLY = new KeyLimits(null, null, null);

    /** These limits with each missing field taken from {@code defaults}. */
    public KeyLimits orElse(KeyLimits defaults) {
        return new KeyLimits(
                concurrentJobs != null ? concurrentJobs : defaults.concurrentJobs(),
                urlsPerHour != null ? urlsPerHour : defaults.urlsPerHour(),
                queriesPerSecond != null ? queriesPerSecond : defaults.queriesPerSecond());
    }

    /** Null when valid, else what is wrong. */
    public String problem() {
        if (concurrentJobs != null && (concurrentJobs < 1 || concurrentJobs > 10_000))
            return "limits.concurrentJobs must be 1-10000";
        if (urlsPerHour != null && (urlsPerHour < 1 || urlsPerHour > 100_000_000))
            return "limits.urlsPerHour must be 1-100000000";
        if (queriesPerSecond != null && !(queriesPerSecond >= 0.01 && queriesPerSecond <= 100_000)) {
            return "limits.queriesPerSecond must be 0.01-100000";
        }
        return null;
    }
}
