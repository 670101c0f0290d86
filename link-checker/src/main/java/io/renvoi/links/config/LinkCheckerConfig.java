package io.renvoi.links.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of re-checking and eviction ({@code renvoi.links.*}). */
@ConfigMapping(prefix = "renvoi.links")
public interface LinkCheckerConfig {
    /** How often the scheduler looks for due entries; {@code off} disables it (tests call a round directly). */
    @WithDefault("60s")
    String scanEvery();

    /** Entries claimed per round by one replica. */
    @WithDefault("50")
    int batchSize();

    /** Checks a replica runs at once within a round. */
    @WithDefault("4")
    int parallelism();

    /** How long a claim keeps other replicas away from an entry; longer than one check can take. */
    @WithDefault("2m")
    Duration lease();

    /** This replica's name in leases; defaults to the host name and a random suffix. */
    Optional<String> owner();

    /** Interval before the first check of a new entry. */
    @WithDefault("1d")
    Duration initialInterval();

    /** Shortest interval: reached by halving after each change. */
    @WithDefault("6h")
    Duration minInterval();

    /** Longest interval: reached by doubling after each unchanged check. */
    @WithDefault("30d")
    Duration maxInterval();

    /** Strikes (transient failures in a row) needed before an eviction. */
    @WithDefault("3")
    int strikes();

    /** Minimum time between the first strike and an eviction for transient failures. */
    @WithDefault("24h")
    Duration strikeWindow();

    /** Delay before re-checking after the first strike; doubled after each further strike. */
    @WithDefault("1h")
    Duration strikeBackoff();

    /** Whether 401 and 403 evict at once (reason access-lost) rather than count as strikes. */
    @WithDefault("true")
    boolean evictOnAccessLost();

    /** Outcomes kept in an entry's history. */
    @WithDefault("20")
    int historySize();

    /**
     * Least time between two checks of URLs on one site across all replicas; the site's politeness interval
     * ({@code renvoi.fetch.*}) applies when longer. 0 disables the cross-replica gate.
     */
    @WithDefault("1s")
    Duration hostDelay();

    /** Longest a replica waits for a busy host's slot before leaving the entry for a later round. */
    @WithDefault("5s")
    Duration hostWait();

}
