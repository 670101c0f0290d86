package io.renvoi.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test Kafka and OpenSearch started by {@code ./renvoi test}: where they are, and stopping or starting
 * OpenSearch through its launcher script (only when the test command started it, i.e. RENVOI_STATE is set).
 */
final class BackingServers {
    static final String KAFKA = System.getProperty("renvoi.test.kafka", "127.0.0.1:19092");
    static final String OPENSEARCH = System.getProperty("renvoi.test.opensearch", "http://127.0.0.1:19200");

    private BackingServers() {}

    /** True when this run's OpenSearch was started by the launcher, so a test may stop and restart it. */
    static boolean openSearchControllable() {
        return System.getenv("RENVOI_STATE") != null && Files.isExecutable(script());
    }

    static void openSearch(String command) throws Exception {
        Process p = new ProcessBuilder(script().toString(), command).inheritIO().start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("opensearch.sh " + command + " failed");
        }
    }

    private static Path script() {
        return Path.of(System.getProperty("renvoi.repo", "..")).resolve("services/opensearch/opensearch.sh");
    }
}
