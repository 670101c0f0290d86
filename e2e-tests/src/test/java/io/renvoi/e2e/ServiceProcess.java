package io.renvoi.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged Renvoi service run as a child process of the test, with its log under target/e2e-logs. Every process
 * gets the suites' bootstrap admin key in its environment ({@link E2eKeys}), and RestAssured sends it on /api/v1
 * requests. The jars are read from {@code <repo>/<module>/target/quarkus-app}, or from
 * {@code <renvoi.e2e.apps>/<module>} when that property names a copy (so a rebuild cannot change them mid-run).
 *
 * <p>Each process binds port 0 and the test reads the port it got from its own start-up line. (Picking a free port
 * in the test and passing it on raced: two services started together could be handed the same port before either
 * bound it, and one's readiness probe could be answered by the other; a CI run got "no such resource" from
 * /api/v1/keys that way.)
 */
final class ServiceProcess implements AutoCloseable {
    static {
        E2eKeys.sendAdminKeyByDefault();
    }

    private static final java.util.concurrent.atomic.AtomicInteger STARTS =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private final String name;
    private final Process process;
    private final Path log;
    private volatile int port;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String module, Map<String, String> properties) throws IOException {
        Path repo = Path.of(System.getProperty("renvoi.repo", ".."))
                .toAbsolutePath()
                .normalize();
        String apps = System.getProperty("renvoi.e2e.apps", "");
        Path jar = apps.isBlank()
                ? repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar")
                : Path.of(apps).resolve(module).resolve("quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn package)");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=0",
                "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Path logs = Path.of("target", "e2e-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(module + "-" + STARTS.incrementAndGet() + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(E2eKeys.ENV, E2eKeys.ADMIN); // in the environment: never on a command line
        Process p = builder.start();
        return new ServiceProcess(module, p, log);
    }

    String url(String path) {
        if (port == 0) {
            throw new IllegalStateException(name + " has not reported its port yet: await it first");
        }
        return "http://127.0.0.1:" + port + path;
    }

    /** The HTTP port this process bound, known once it has started listening. */
    int port() {
        return port;
    }

    /** Waits until this process reports the port it listens on and {@code /q/health/ready} there answers 200. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (port == 0) {
                port = listeningPort();
                if (port == 0) {
                    Thread.sleep(200);
                    continue;
                }
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail());
    }

    /** The module this process runs. */
    String name() {
        return name;
    }

    /** This process's log file (stdout and stderr). */
    Path logFile() {
        return log;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The port in this process's start-up line ("... Listening on: http://127.0.0.1:PORT"), or 0 before it. */
    private int listeningPort() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        Matcher m = LISTENING.matcher(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Kills the process without warning (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
