package io.renvoi.console.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renvoi.console.ConsoleConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the services' REST APIs with a caller's API key in {@code Authorization: Bearer} (the only place the key
 * travels besides the sign-in form). Reads the services' base URLs from {@link ConsoleConfig}; a connection that
 * fails becomes {@link UnreachableException}, every HTTP answer (4xx/5xx included) is returned as it came.
 */
@ApplicationScoped
public class Upstream {
    /** An answer of a service: status and parsed JSON body (null when the body is not JSON). */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem+json {@code detail} (or {@code title}) of an error answer, else a generic phrase. */
        public String detail() {
            if (body != null && body.hasNonNull("detail")) {
                return body.get("detail").asText();
            }
            if (body != null && body.hasNonNull("title")) {
                return body.get("title").asText();
            }
            return "HTTP " + status;
        }
    }

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    private HttpClient http;

    /** Made here, not in a field initializer, which the container's client proxy would run a second time. */
    @PostConstruct
    void connect() {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain http: no h2c upgrade dance on pooled connections
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl(Service service) {
        String url = switch (service) {
            case INGEST -> config.ingestUrl();
            case EMBED -> config.embedUrl();
            case QUERY -> config.queryUrl();
            case LINKS -> config.linksUrl();
        };
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Reply get(Service service, String path, String key) {
        return send(service, request(service, path, key).GET().build());
    }

    public Reply post(Service service, String path, String key, Object body) {
        return send(
                service,
                request(service, path, key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                        .build());
    }

    /** A POST whose answer is read as it arrives (server-sent events); the caller closes the body. */
    public HttpResponse<InputStream> stream(Service service, String path, String key, Object body) {
        HttpRequest request = request(service, path, key)
                .header("Content-Type", "application/json")
                .setHeader("Accept", "text/event-stream") // replaces the JSON default: one Accept only
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UnreachableException(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(service, e);
        }
    }

    /** Parses an error body read from a stream (problem+json), or null. */
    public JsonNode parse(byte[] body) {
        try {
            return json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private HttpRequest.Builder request(Service service, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl(service) + path))
                .timeout(config.upstreamTimeout())
                .header("Accept", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    private Reply send(Service service, HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body().length == 0 ? null : parse(r.body()));
        } catch (IOException e) {
            throw new UnreachableException(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(service, e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
