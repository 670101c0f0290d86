package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench drivers' calls to the services' {@code /api/v1} as the bootstrap admin ({@link BenchAuth}): JSON in,
 * JSON out, a status of 300 or more an exception; and query-service's {@code /search} reduced to the SciFact ids
 * of its hits. Reads the services at the given addresses.
 */
final class ServiceHttp {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceHttp() {}

    /**
     * The SciFact ids of {@code /api/v1/search}'s hits for {@code text} in {@code mode} ({@code k=10,
     * maxPerDocument=1}, the fusion overridden when {@code fusion} is not null), in rank order.
     */
    static List<String> searchDocIds(String query, String collection, String text, String mode, ObjectNode fusion)
            throws Exception {
        ObjectNode body = JsonMapper.shared()
                .createObjectNode()
                .put("query", text)
                .put("collection", collection)
                .put("k", 10)
                .put("mode", mode)
                .put("maxPerDocument", 1);
        if (fusion != null) body.set("fusion", fusion);
        JsonNode r = post(query + "/api/v1/search", body.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode h : r.get("hits")) {
            String url = h.get("url").asText();
            String id = url.substring(url.lastIndexOf('/') + 1);
            if (!ids.contains(id)) ids.add(id);
        }
        return ids;
    }

    /** Submits an ingest job of {@code urls} to {@code collection}; its acceptance ({@code jobId}, {@code total}). */
    static JsonNode submitIngestJob(String ingest, String collection, List<String> urls) throws Exception {
        ObjectNode job = JsonMapper.shared().createObjectNode().put("collection", collection);
        urls.forEach(job.putArray("urls")::add);
        return post(ingest + "/api/v1/ingest-jobs", job.toString());
    }

    /**
     * An ingest job's status ({@code GET /api/v1/ingest-jobs/{jobId}}); waits up to 120 s for it (a crawl on a loaded
     * machine can hold the service's answer that long).
     */
    static JsonNode jobStatus(String ingest, String jobId) throws Exception {
        return get(ingest + "/api/v1/ingest-jobs/" + jobId, Duration.ofSeconds(120));
    }

    static JsonNode post(String url, String body) throws Exception {
        HttpRequest req = BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(url)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(req);
    }

    static JsonNode get(String url) throws Exception {
        return get(url, Duration.ofSeconds(30));
    }

    private static JsonNode get(String url, Duration timeout) throws Exception {
        return send(BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(url)))
                .timeout(timeout)
                .GET()
                .build());
    }

    private static JsonNode send(HttpRequest req) throws Exception {
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300)
            throw new IllegalStateException(req.uri() + ": HTTP " + r.statusCode() + " " + r.body());
        return JsonMapper.shared().readTree(r.body());
    }
}
