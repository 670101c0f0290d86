package io.renvoi.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.HostileInputSuite;
import io.renvoi.common.testing.HostileRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Hostile and malformed requests to every ingest-service endpoint (bodies, headers, encodings, sizes, numbers,
 * ids, URLs): each gets the expected 4xx with an application/problem+json body, never a 5xx and never a 2xx
 * that would queue work.
 */
@QuarkusTest
class HostileInputQuarkusTest extends HostileInputSuite {
    private static final String JOBS = "/api/v1/ingest-jobs";
    private static final String DOCS = "/api/v1/documents";
    private static final String JSON = "application/json";

    static HostileRequest post(String name, String path, String json, int status) {
        return HostileRequest.postJson(name, path, json, status);
    }

    static HostileRequest job(String name, String urlJson, int status) {
        return post(name, JOBS, "{\"collection\": \"hostile\", \"urls\": [" + urlJson + "]}", status);
    }

    /** A job of one valid URL whose collection is {@code collectionJson}. */
    static HostileRequest collection(String name, String collectionJson, int status) {
        return post(name, JOBS, "{\"collection\": " + collectionJson + ", \"urls\": [\"http://127.0.0.1/\"]}", status);
    }

    /** A job of collection c and one valid URL whose metadata is {@code metadataJson}. */
    static HostileRequest metadata(String name, String metadataJson, int status) {
        return post(
                name,
                JOBS,
                "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/\"], \"metadata\": " + metadataJson + "}",
                status);
    }

    static HostileRequest request(String name, String method, String path, int status) {
        return HostileRequest.of(name, method, path, status);
    }

    static Stream<HostileRequest> cases() {
        List<HostileRequest> c = new ArrayList<>();
        // bodies and shapes
        c.addAll(HostileRequest.malformedJson(JOBS));
        c.add(post("truncated job", JOBS, "{\"collection\": \"c\", \"urls\": [\"http://127.0.0.1/", 400));
        c.add(metadata("object 5000 deep in metadata", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000), 400));
        c.add(collection("collection is a list", "[\"a\"]", 400));
        c.add(collection("collection is an object", "{}", 400));
        c.add(collection("collection 1000 characters", "\"" + "c".repeat(1000) + "\"", 400));
        c.add(collection("collection with accents", "\"café\"", 400));
        c.add(collection("collection with a NUL", "\"a\\u0000b\"", 400));
        c.add(collection("collection path traversal", "\"../rag-jobs\"", 400));
        c.add(metadata("metadata value is an object", "{\"a\": {\"b\": 1}}", 400));
        c.add(metadata("metadata is a list", "[1]", 400));
        StringBuilder meta = new StringBuilder("{");
        for (int i = 0; i < 500; i++)
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        c.add(metadata("metadata with 500 keys", meta + "}", 400));
        c.add(post("urls is an object", JOBS, "{\"collection\": \"c\", \"urls\": {\"a\": 1}}", 400));
        c.add(post("sitemap is a number", JOBS, "{\"collection\": \"c\", \"sitemap\": 1e999999}", 400));
        c.add(post(
                "sitemap with credentials",
                JOBS,
                "{\"collection\": \"c\", \"sitemap\": \"http://u:p@127.0.0.1/s.xml\"}",
                400));
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
        c.addAll(HostileRequest.malformedJson(DOCS));
        c.add(request("delete without url", "DELETE", DOCS, 400));
        c.add(request(
                "delete with a bad collection", "DELETE", DOCS + "?url=http://127.0.0.1/&collection=..%2F..", 400));
        c.add(request("delete with a javascript url", "DELETE", DOCS + "?url=javascript:alert(1)", 400));
        c.add(request("delete with a NUL in the url", "DELETE", DOCS + "?url=http://127.0.0.1/%00", 400));
        // ids and methods
        c.add(request("job id upper case", "GET", JOBS + "/AAAAAAAA-0000-0000-0000-000000000000", 404));
        c.add(request("job id percent-encoded NUL", "GET", JOBS + "/%00", 404));
        c.add(request("job id with unicode", "GET", JOBS + "/%E2%80%AE", 404));
        c.add(request("job id encoded slash", "GET", JOBS + "/..%2F..%2Frag-jobs", 404));
        c.add(request("job id of 3000 characters", "GET", JOBS + "/" + "0".repeat(3000), 404));
        c.add(request("url port 0", "DELETE", DOCS + "?url=http://127.0.0.1:0/", 400));
        c.add(request("DELETE all jobs is not a method", "DELETE", JOBS, 405));
        c.add(request("list jobs with a limit that is not a number", "GET", JOBS + "?limit=1e9", 400));
        c.add(request("list jobs of a collection that is not a name", "GET", JOBS + "?collection=Not_A_Name", 400));
        c.add(request("PUT a job", "PUT", JOBS + "/00000000-0000-0000-0000-000000000000", 405));
        c.add(request("unknown path", "GET", "/api/v1/nothing-here", 404));
        // headers and encodings
        c.add(HostileRequest.postBytes(
                "text/plain body", JOBS, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), 415));
        c.add(HostileRequest.postBytes(
                "XML body", JOBS, "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8), 415));
        c.add(HostileRequest.postBytes("form body", DOCS, "application/x-www-form-urlencoded", null, 415));
        c.add(HostileRequest.postBytes(
                "invalid UTF-8 bytes",
                JOBS,
                JSON,
                new byte[] {
                    '{',
                    '"',
                    'c',
                    'o',
                    'l',
                    'l',
                    'e',
                    'c',
                    't',
                    'i',
                    'o',
                    'n',
                    '"',
                    ':',
                    '"',
                    (byte) 0xC3,
                    (byte) 0x28,
                    '"',
                    '}'
                },
                400));
        c.add(HostileRequest.postBytes(
                "Latin-1 bytes declared as UTF-8",
                JOBS,
                JSON,
                "{\"collection\": \"caf\u00e9\", \"urls\": [\"http://127.0.0.1/\"]}"
                        .getBytes(StandardCharsets.ISO_8859_1),
                400));
        c.add(new HostileRequest(
                "Accept only XML",
                "POST",
                JOBS,
                JSON,
                null,
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Accept", "application/xml"),
                406));
        c.add(post(
                "body of 9 MiB",
                DOCS,
                "{\"url\": \"http://127.0.0.1/\", \"metadata\": {\"a\": \"" + "x".repeat(9 * 1024 * 1024) + "\"}}",
                413));
        return c.stream();
    }
}
