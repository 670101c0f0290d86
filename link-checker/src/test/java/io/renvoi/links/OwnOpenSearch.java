package io.renvoi.links;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An OpenSearch of the test's own, started and stopped through {@code services/opensearch/opensearch.sh} with
 * its own state directory ({@code java.io.tmpdir/renvoi-link-checker-outage}) and port
 * ({@code -Drenvoi.test.outage-opensearch-port}, default 19260), so that a test may stop it under the
 * link-checker without touching the OpenSearch other tests share. Only this instance's PID file is used.
 */
public class OwnOpenSearch implements QuarkusTestResourceLifecycleManager {
    static final int PORT = Integer.getInteger("renvoi.test.outage-opensearch-port", 19260);
    static final Path STATE = Path.of(System.getProperty("java.io.tmpdir"), "renvoi-link-checker-outage");
    private static final Path SCRIPT = Path.of("..", "services", "opensearch", "opensearch.sh")
            .toAbsolutePath()
            .normalize();

    @Override
    public Map<String, String> start() {
        deleteData();
        up();
        return Map.of("renvoi.opensearch.url", "http://127.0.0.1:" + PORT);
    }

    @Override
    public void stop() {
        down();
    }

    /** Starts the instance and waits until it answers. */
    static void up() {
        run("up");
        run("wait");
    }

    /** Stops the instance (by its PID file) and waits until it is gone. */
    static void down() {
        run("down");
    }

    private static void run(String command) {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("RENVOI_STATE", STATE.toString());
        env.put("OPENSEARCH_PORT", Integer.toString(PORT));
        env.put("OPENSEARCH_TRANSPORT_PORT", Integer.toString(PORT + 100));
        env.put("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m");
        env.put("OPENSEARCH_WAIT_TIMEOUT", "300"); // a loaded 2-core machine took over the default 120 s once
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("opensearch.sh " + command + " exited with " + rc);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh registry each run (the installed home is kept: it takes a while to copy). */
    private static void deleteData() {
        Path data = STATE.resolve("opensearch").resolve("data");
        if (!Files.isDirectory(data) || Files.exists(STATE.resolve("opensearch").resolve("opensearch.pid"))) {
            return;
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
