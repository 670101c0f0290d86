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

    /**
     * Whether 401 and 403 are a loss of the page (reason access-lost, evicted once confirmed like a 404) rather
     * than strikes.
     */
    @WithDefault("true")
    boolean evictOnAccessLost();

    /**
     * A 404, 401/403 or {@code noindex} evicts only when a second check at least this long after the first sees it
     * again; the first marks the entry suspect and schedules that check. (410 and robots.txt evict at once.)
     */
    @WithDefault("10m")
    Duration confirmAfter();

    /**
     * Confirming checks (each at least {@code confirm-after} after the previous one) that may find a page still
     * permanently redirected to a URL that is not indexed (noindex, robots.txt, an unsupported type, a private
     * address, deleted by a user) before the old URL is evicted as moved anyway: its content is no longer there.
     */
    @WithDefault("6")
    int movedMaxRounds();

    /** How often an entry evicted by the checker is checked again; a page that answers 200 again is re-ingested. */
    @WithDefault("7d")
    Duration evictedRecheckInterval();

    /** The mass-eviction guard: evictions of one host are held for an operator past this. */
    MassEviction massEviction();

    /** Longest wait between two attempts of a consumer step that failed transiently (OpenSearch or Kafka away). */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    /** When a host loses too many entries at once, its evictions wait for an operator. */
    interface MassEviction {
        /** Share of a host's entries whose eviction within {@code window} trips the guard. */
        @WithDefault("0.2")
        double share();

        /** Evictions within {@code window} below this never trip the guard, whatever the share (small hosts). */
        @WithDefault("10")
        int minEvictions();

        /** The period over which a host's evictions are counted. */
        @WithDefault("1h")
        Duration window();

        /** How often held entries are checked again (a page that answers 200 leaves the held list by itself). */
        @WithDefault("6h")
        Duration heldRecheckInterval();
    }

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
