package io.renvoi.bench;

import java.net.http.HttpRequest;

/**
 * The benchmarks' side of access control: every {@code /api/v1} request carries {@code Authorization: Bearer <key>}.
 * The key is the bootstrap admin key the bench script generated for its run (bench/auth.sh: {@code rvk_} + base64url
 * of 32 random bytes) and gave the services and this driver in the environment variable {@value #ENV}, never on a
 * command line. Admin keys are not rate-limited, so the figures measure the services, not a key's limits.
 */
final class BenchAuth {
    /** The environment variable the services read their bootstrap admin key from ({@code renvoi.auth.admin-key}). */
    static final String ENV = "RENVOI_AUTH_ADMIN_KEY";

    /** The run's admin key from {@value #ENV}; fails when the bench script did not set it. */
    static String adminKey() {
        String key = System.getenv(ENV);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(
                    ENV + " is not set (the bench scripts generate one per run: bench/auth.sh)");
        }
        return key.strip();
    }

    /** Adds {@code Authorization: Bearer <key>} to {@code b}; returns {@code b}. */
    static HttpRequest.Builder bearer(HttpRequest.Builder b, String key) {
        return b.header("Authorization", "Bearer " + key);
    }

    /** Adds the run's admin key ({@link #adminKey()}) to {@code b}; returns {@code b}. */
    static HttpRequest.Builder asAdmin(HttpRequest.Builder b) {
        return bearer(b, AdminKey.VALUE);
    }

    /** Read once, on the first request that needs it (phases without HTTP calls never require it). */
    private static final class AdminKey {
        static final String VALUE = adminKey();
    }

    private BenchAuth() {}
}
