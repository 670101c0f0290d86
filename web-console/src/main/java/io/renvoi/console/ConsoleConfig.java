package io.renvoi.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The console's configuration ({@code renvoi.console.*}): where the four services answer, the collection the
 * pages start with, and how long sessions and one-time sign-in tokens live.
 */
@ConfigMapping(prefix = "renvoi.console")
public interface ConsoleConfig {
    /** ingest-service's base URL: jobs, and the key check at sign-in ({@code GET /api/v1/keys}). */
    @WithDefault("http://127.0.0.1:8081")
    String ingestUrl();

    /** embed-service's base URL (its health on the status line). */
    @WithDefault("http://127.0.0.1:8082")
    String embedUrl();

    /** query-service's base URL: answers and search. */
    @WithDefault("http://127.0.0.1:8083")
    String queryUrl();

    /** link-checker's base URL: the Sources page. */
    @WithDefault("http://127.0.0.1:8084")
    String linksUrl();

    /** The collection a page shows when the address names none. */
    @WithDefault("default")
    String defaultCollection();

    /** A session ends after this long without a request. */
    @WithDefault("8h")
    Duration sessionIdle();

    /** Most sessions kept at once (the oldest go first). */
    @WithDefault("10000")
    long maxSessions();

    /** How long a one-time sign-in token ({@code ./renvoi console}) may wait for its first use. */
    @WithDefault("2m")
    Duration tokenTtl();

    /** Time allowed to each call to a service (a streamed answer: until its first byte). */
    @WithDefault("60s")
    Duration upstreamTimeout();

    /** Whether the session cookie is marked Secure (set it when the console is served over https). */
    @WithDefault("false")
    boolean secureCookie();
}
