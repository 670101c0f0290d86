package io.renvoi.tritonlocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Triton's HTTP health endpoints on the JDK HTTP server: {@code GET /v2/health/live}, {@code /v2/health/ready}
 * and {@code /v2/models/{name}[/versions/{v}]/ready}; 200 when true, 400 when not (as Triton answers), 404
 * for other paths. Empty bodies.
 */
final class HealthHttpServer implements AutoCloseable {
    private static final Pattern MODEL_READY = Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?/ready$");

    private final HttpServer server;

    HealthHttpServer(String host, int port, BiPredicate<String, String> modelReady) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/v2/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                int status;
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    status = 405;
                } else if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
                    status = 200;
                } else {
                    Matcher m = MODEL_READY.matcher(path);
                    if (m.matches()) {
                        String version = m.group(2) == null ? "" : m.group(2);
                        status = modelReady.test(m.group(1), version) ? 200 : 400;
                    } else {
                        status = 404;
                    }
                }
                respond(exchange, status);
            }
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
