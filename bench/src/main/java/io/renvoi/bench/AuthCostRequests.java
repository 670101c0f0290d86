package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP requests bench/auth-cost times against query-service at {@code base}, over one keep-alive HTTP/1.1
 * client: {@code POST /api/v1/search} in collection {@code scifact} with a given key (or none), and
 * {@code GET /q/health/live}. Each is checked for the status its {@link Kind} expects.
 */
final class AuthCostRequests {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One kind of request timed over HTTP. */
    record Kind(String name, int expectedStatus) {}

    private final String base;

    /** @param base query-service's address ({@code http://host:port}) */
    AuthCostRequests(String base) {
        this.base = base;
    }

    /** Waits until query-service has read the keys and finds chunks: the query key's search answers 200 with hits. */
    void awaitSearchable(String secret, String question) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(search(secret, question), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200
                    && JsonMapper.shared().readTree(r.body()).path("hits").size() > 0) return;
            last = r.statusCode() + " " + r.body();
            Thread.sleep(500);
        }
        throw new IllegalStateException("search with the query key did not answer hits within 3 minutes: " + last);
    }

    /** One request of {@code kind}; returns its latency in ms (body read to the end). */
    double time(Kind kind, String secret, String question) throws Exception {
        HttpRequest req = kind.name().equals("health_live")
                ? HttpRequest.newBuilder(URI.create(base + "/q/health/live"))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build()
                : search(secret, question);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != kind.expectedStatus()) {
            throw new IllegalStateException(kind.name() + ": expected HTTP " + kind.expectedStatus() + ", got "
                    + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return ms;
    }

    private HttpRequest search(String secret, String question) {
        ObjectNode body = JsonMapper.shared()
                .createObjectNode()
                .put("query", question)
                .put("collection", AuthCostBenchmark.COLLECTION)
                .put("k", 10);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/search"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (secret != null) BenchAuth.bearer(b, secret);
        return b.build();
    }
}
