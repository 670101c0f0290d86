package io.renvoi.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests to every ingest-service endpoint (bodies, headers, encodings, sizes, numbers,
 * ids, URLs): each gets the expected 4xx with an application/problem+json body, never a 5xx and never a 2xx
 * that would queue work.
 */
@QuarkusTest
class HostileInputTest {
    private static final String JOBS = "/api/v1/ingest-jobs";
    private static final String DOCS = "/api/v1/documents";
    private static final String JSON = "application/json";

    /** One hostile request and the status it must get. */
    record Case(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
            int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case post(String name, String path, String json, int status) {
        return new Case(name, "POST", path, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), status);
    }

    static Case job(String name, String urlJson, int status) {
        return post(name, JOBS, "{\"collection\": \"hostile\", \"urls\": [" + urlJson + "]}", status);
    }

    static Case request(String name, String method, String path, int status) {
        return new Case(name, method, path, null, null, Map.of(), status);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // bodies and shapes
        c.add(post("empty body", JOBS, "", 400));
        c.add(post("JSON null", JOBS, "null", 400));
        c.add(post("JSON string", JOBS, "\"urls\"", 400));
        c.add(post("JSON number", JOBS, "42", 400));
        c.add(post("truncated JSON", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/", 400));
        c.add(post("nested 5000 deep", JOBS, "[".repeat(5000) + "]".repeat(5000), 400));
        c.add(post("object 5000 deep in metadata", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/\"], \"metadata\": "
                + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}", 400));
        c.add(post("collection is a list", JOBS, "{\"collection\": [\"a\"], \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("collection is an object", JOBS, "{\"collection\": {}, \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("collection 1000 characters", JOBS, "{\"collection\": \"" + "c".repeat(1000) + "\", \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("collection with accents", JOBS, "{\"collection\": \"café\", \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("collection with a NUL", JOBS, "{\"collection\": \"a\\u0000b\", \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("collection path traversal", JOBS, "{\"collection\": \"../rag-jobs\", \"urls\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("metadata value is an object", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/\"], \"metadata\": {\"a\": {\"b\": 1}}}", 400));
        c.add(post("metadata is a list", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/\"], \"metadata\": [1]}", 400));
        StringBuilder meta = new StringBuilder("{");
        for (int i = 0; i < 500; i++) meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        c.add(post("metadata with 500 keys", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/\"], \"metadata\": " + meta + "}}", 400));
        c.add(post("urls is an object", JOBS, "{\"collection\": \"c\", \"urls\": {\"a\": 1}}", 400));
        c.add(post("sitemap is a number", JOBS, "{\"collection\": \"c\", \"sitemap\": 1e999999}", 400));
        c.add(post("sitemap with credentials", JOBS, "{\"collection\": \"c\", \"sitemap\": \"http://u:p@127.0.0.1/s.xml\"}", 400));
        c.add(post("sitemap file URL", JOBS, "{\"collection\": \"c\", \"sitemap\": \"file:///etc/passwd\"}", 400));
        // URLs
        c.add(job("url is null", "null", 400));
        c.add(job("url is a number", "12", 400));
        c.add(job("url is an object", "{}", 400));
        c.add(job("url empty", "\"\"", 400));
        c.add(job("url blank", "\"   \"", 400));
        c.add(job("url without host", "\"http:///path\"", 400));
        c.add(job("url with port 99999", "\"http://127.0.0.1:99999/\"", 400));
        c.add(job("url javascript scheme", "\"javascript:alert(1)\"", 400));
        c.add(job("url data scheme", "\"data:text/html,<h1>x</h1>\"", 400));
        c.add(job("url file scheme", "\"file:///etc/passwd\"", 400));
        c.add(job("url with a space in the host", "\"http://exa mple.org/\"", 400));
        c.add(job("url with CRLF", "\"http://127.0.0.1/a\\r\\nX-Injected: 1\"", 400));
        c.add(job("url with a NUL", "\"http://127.0.0.1/\\u0000\"", 400));
        c.add(job("url host label of 64 characters", "\"http://" + "a".repeat(64) + ".org/\"", 400));
        c.add(job("url of 20,000 characters", "\"http://127.0.0.1/" + "a".repeat(20_000) + "\"", 400));
        c.add(job("url with user info", "\"https://admin@127.0.0.1/\"", 400));
        c.add(job("url bad percent escape", "\"http://127.0.0.1/%zz\"", 400));
        c.add(job("url bad IPv6 literal", "\"http://[::1/\"", 400));
        c.add(job("url host is only dots", "\"http://.../\"", 400));
        c.add(job("url relative", "\"/just/a/path\"", 400));
        // documents
        c.add(post("document without url", DOCS, "{\"collection\": \"c\"}", 400));
        c.add(post("document url is a list", DOCS, "{\"url\": [\"http://127.0.0.1/\"]}", 400));
        c.add(post("document bad collection", DOCS, "{\"url\": \"http://127.0.0.1/\", \"collection\": \"A B\"}", 400));
        c.add(post("document null body", DOCS, "null", 400));
        c.add(request("delete without url", "DELETE", DOCS, 400));
        c.add(request("delete with a bad collection", "DELETE", DOCS + "?url=http://127.0.0.1/&collection=..%2F..", 400));
        c.add(request("delete with a javascript url", "DELETE", DOCS + "?url=javascript:alert(1)", 400));
        c.add(request("delete with a NUL in the url", "DELETE", DOCS + "?url=http://127.0.0.1/%00", 400));
        // ids and methods
        c.add(request("job id upper case", "GET", JOBS + "/AAAAAAAA-0000-0000-0000-000000000000", 404));
        c.add(request("job id percent-encoded NUL", "GET", JOBS + "/%00", 404));
        c.add(request("job id with unicode", "GET", JOBS + "/%E2%80%AE", 404));
        c.add(request("job id encoded slash", "GET", JOBS + "/..%2F..%2Frag-jobs", 404));
        c.add(request("job id of 3000 characters", "GET", JOBS + "/" + "0".repeat(3000), 404));
        c.add(request("url port 0", "DELETE", DOCS + "?url=http://127.0.0.1:0/", 400));
        c.add(request("list jobs is not a method", "GET", JOBS, 405));
        c.add(request("PUT a job", "PUT", JOBS + "/00000000-0000-0000-0000-000000000000", 405));
        c.add(request("unknown path", "GET", "/api/v1/nothing-here", 404));
        // headers and encodings
        c.add(new Case("text/plain body", "POST", JOBS, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), Map.of(), 415));
        c.add(new Case("XML body", "POST", JOBS, "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8), Map.of(), 415));
        c.add(new Case("form body", "POST", DOCS, "application/x-www-form-urlencoded", null, Map.of(), 415));
        c.add(new Case("invalid UTF-8 bytes", "POST", JOBS, JSON,
                new byte[] {'{', '"', 'c', 'o', 'l', 'l', 'e', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, Map.of(), 400));
        c.add(new Case("Latin-1 bytes declared as UTF-8", "POST", JOBS, JSON,
                "{\"collection\": \"caf\u00e9\", \"urls\": [\"http://127.0.0.1/\"]}".getBytes(StandardCharsets.ISO_8859_1), Map.of(), 400));
        c.add(new Case("Accept only XML", "POST", JOBS, JSON, "{}".getBytes(StandardCharsets.UTF_8), Map.of("Accept", "application/xml"), 406));
        c.add(new Case("body of 9 MiB", "POST", DOCS, JSON,
                ("{\"url\": \"http://127.0.0.1/\", \"metadata\": {\"a\": \"" + "x".repeat(9 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8),
                Map.of(), 413));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestsGetAClear4xxProblem(Case c) {
        RequestSpecification spec = given().config(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        spec = spec.urlEncodingEnabled(false);
        if (c.contentType() != null) {
            spec = spec.contentType(c.contentType());
        }
        if (c.body() != null) {
            spec = spec.body(c.body());
        }
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            spec = spec.header(h.getKey(), h.getValue());
        }
        Response r = spec.request(c.method(), c.path());
        assertThat(r.statusCode()).as("%s: %s", c.name(), r.asString()).isEqualTo(c.status());
        assertThat(r.contentType()).as(c.name()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).as(c.name()).isEqualTo(c.status());
    }
}
