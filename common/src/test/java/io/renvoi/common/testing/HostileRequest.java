package io.renvoi.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One hostile request of a service's hostile-input suite and the 4xx it must get: sent as is (no URL encoding, no
 * charset added), it must answer exactly that status with an application/problem+json body carrying it. Used by
 * each service's {@code HostileInputQuarkusTest} against the application under test (RestAssured's port).
 */
public record HostileRequest(
        String name,
        String method,
        String path,
        String contentType,
        String accept,
        byte[] body,
        Map<String, String> headers,
        int status) {

    /** A request without a body. */
    public static HostileRequest of(String name, String method, String path, int status) {
        return new HostileRequest(name, method, path, null, null, null, Map.of(), status);
    }

    /** A POST of a JSON text. */
    public static HostileRequest postJson(String name, String path, String json, int status) {
        return new HostileRequest(
                name, "POST", path, "application/json", null, json.getBytes(StandardCharsets.UTF_8), Map.of(), status);
    }

    /** A POST of these bytes (or none) declared as {@code contentType}. */
    public static HostileRequest postBytes(String name, String path, String contentType, byte[] body, int status) {
        return new HostileRequest(name, "POST", path, contentType, null, body, Map.of(), status);
    }

    /**
     * The malformed bodies every JSON endpoint refuses with a 400, POSTed to {@code path}: empty, a bare null,
     * string, number or array where an object belongs, truncated, and nested 5,000 deep (the parser's own limit).
     */
    public static List<HostileRequest> malformedJson(String path) {
        return Map.of(
                        "empty body", "",
                        "JSON null", "null",
                        "JSON string", "\"text\"",
                        "JSON number", "42",
                        "JSON array", "[]",
                        "truncated JSON", "{\"a\": \"x",
                        "nested 5000 deep", "[".repeat(5000) + "]".repeat(5000))
                .entrySet()
                .stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> postJson(e.getKey() + " to " + path, path, e.getValue(), 400))
                .toList();
    }

    /** The same request asking for this media type. */
    public HostileRequest accepting(String mediaType) {
        return new HostileRequest(
                name + " (" + mediaType + ")", method, path, contentType, mediaType, body, headers, status);
    }

    /** Sends it and checks the answer: this status, problem+json, the status repeated in the body. */
    public void assertRefused() {
        RequestSpecification spec = given().urlEncodingEnabled(false)
                .config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        if (contentType != null) {
            spec = spec.contentType(contentType);
        }
        if (accept != null) {
            spec = spec.accept(accept);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            spec = spec.header(h.getKey(), h.getValue());
        }
        Response r = spec.request(method, path);
        assertThat(r.statusCode()).as("%s: %s", name, r.asString()).isEqualTo(status);
        assertThat(r.contentType()).as(name).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).as(name).isEqualTo(status);
    }

    @Override
    public String toString() {
        return name;
    }
}
