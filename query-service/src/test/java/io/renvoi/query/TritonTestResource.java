package io.renvoi.query;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.tritonlocal.TritonLocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Runs triton-local in the test JVM on a fixed free port and points query-service at it
 * ({@code renvoi.triton.port}); tests stop and restart it on the same port to simulate an outage.
 */
public class TritonTestResource implements QuarkusTestResourceLifecycleManager {
    private static OnnxEmbedder embedder;
    private static int port;
    private static volatile TritonLocalServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (embedder == null) {
            embedder = new OnnxEmbedder(EmbeddingModel.MINILM); // the answerer's model (its threshold's)
        }
        port = freePort();
        restart();
        return Map.of("renvoi.triton.port", Integer.toString(port));
    }

    /** The running server (null while stopped). */
    public static TritonLocalServer server() {
        return server;
    }

    /** Stops Triton: calls get gRPC UNAVAILABLE (connection refused). */
    public static synchronized void shutdown() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts Triton again on the same port. */
    public static synchronized void restart() {
        shutdown();
        server = TritonLocalServer.start(
                new TritonLocalServer.Settings("127.0.0.1", port, -1, 0.35, java.time.Duration.ZERO), embedder);
    }

    @Override
    public synchronized void stop() {
        shutdown();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
