package io.renvoi.query;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.HostileInputSuite;
import io.renvoi.common.testing.HostileRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Hostile and malformed requests to every query-service endpoint (search, answers as JSON, text and SSE):
 * numbers out of range or of the wrong type, dates, collections, filters, fusion settings, shapes, sizes,
 * media types. Each gets the expected 4xx with an application/problem+json body, never a 5xx.
 */
@QuarkusTest
class HostileInputQuarkusTest extends HostileInputSuite {
    private static final String SEARCH = "/api/v1/search";
    private static final String QUERY = "/api/v1/query";

    static HostileRequest search(String name, String json, int status) {
        return HostileRequest.postJson(name, SEARCH, json, status);
    }

    static HostileRequest query(String name, String accept, String json, int status) {
        return HostileRequest.postJson(name, QUERY, json, status).accepting(accept);
    }

    static Stream<HostileRequest> cases() {
        List<HostileRequest> c = new ArrayList<>();
        // search: shapes
        c.addAll(HostileRequest.malformedJson(SEARCH));
        c.add(search("query nested 5000 deep", "{\"query\": " + "[".repeat(5000) + "]".repeat(5000) + "}", 400));
        c.add(search("query missing", "{}", 400));
        c.add(search("query blank", "{\"query\": \"  \"}", 400));
        c.add(search("query is an object", "{\"query\": {\"match_all\": {}}}", 400));
        c.add(search("query of 50,000 characters", "{\"query\": \"" + "w ".repeat(25_000) + "\"}", 400));
        // search: numbers
        c.add(search("k zero", "{\"query\": \"x\", \"k\": 0}", 400));
        c.add(search("k negative", "{\"query\": \"x\", \"k\": -5}", 400));
        c.add(search("k huge", "{\"query\": \"x\", \"k\": 1000000}", 400));
        c.add(search("k beyond int", "{\"query\": \"x\", \"k\": 99999999999999999999}", 400));
        c.add(search("k a word", "{\"query\": \"x\", \"k\": \"ten\"}", 400));
        c.add(search("k fractional overflow", "{\"query\": \"x\", \"k\": 1e999}", 400));
        c.add(search("maxPerDocument negative", "{\"query\": \"x\", \"maxPerDocument\": -1}", 400));
        c.add(search("fusion method unknown", "{\"query\": \"x\", \"fusion\": {\"method\": \"magic\"}}", 400));
        c.add(search("fusion rank constant negative", "{\"query\": \"x\", \"fusion\": {\"rankConstant\": -1}}", 400));
        c.add(search("fusion weight NaN", "{\"query\": \"x\", \"fusion\": {\"vectorWeight\": \"NaN\"}}", 400));
        c.add(search("fusion weight infinite", "{\"query\": \"x\", \"fusion\": {\"bm25Weight\": 1e400}}", 400));
        c.add(search("fusion weight negative", "{\"query\": \"x\", \"fusion\": {\"bm25Weight\": -2}}", 400));
        c.add(search("mode unknown", "{\"query\": \"x\", \"mode\": \"telepathic\"}", 400));
        // search: collections
        c.add(search("collection with spaces", "{\"query\": \"x\", \"collection\": \"A B\"}", 400));
        c.add(search("collection wildcard", "{\"query\": \"x\", \"collection\": \"*\"}", 400));
        c.add(search("collection index name", "{\"query\": \"x\", \"collection\": \"rag-chunks,rag-jobs\"}", 400));
        c.add(search("collections with null", "{\"query\": \"x\", \"collections\": [null]}", 400));
        c.add(search("collections empty", "{\"query\": \"x\", \"collections\": []}", 400));
        c.add(search(
                "collection and collections",
                "{\"query\": \"x\", \"collection\": \"a\", \"collections\": [\"b\"]}",
                400));
        // search: filters and dates
        c.add(search(
                "indexedAfter not a date", "{\"query\": \"x\", \"filters\": {\"indexedAfter\": \"yesterday\"}}", 400));
        c.add(search(
                "indexedAfter year 999999999",
                "{\"query\": \"x\", \"filters\": {\"indexedAfter\": \"+999999999-01-01T00:00:00Z\"}}",
                400));
        c.add(search(
                "indexedAfter month 13", "{\"query\": \"x\", \"filters\": {\"indexedAfter\": \"2024-13-01\"}}", 400));
        c.add(search(
                "indexedAfter epoch overflow",
                "{\"query\": \"x\", \"filters\": {\"indexedAfter\": \"99999999999999999999999\"}}",
                400));
        c.add(search("filters is a string", "{\"query\": \"x\", \"filters\": \"all\"}", 400));
        c.add(search("urlPrefix not http", "{\"query\": \"x\", \"filters\": {\"urlPrefix\": \"file:///etc\"}}", 400));
        // answers
        for (String accept : new String[] {"application/json", "text/plain", "text/event-stream"}) {
            c.add(query("question missing", accept, "{}", 400));
            c.add(query("question of 2,001 characters", accept, "{\"question\": \"" + "q".repeat(2001) + "\"}", 400));
            c.add(query("temperature 3", accept, "{\"question\": \"q\", \"temperature\": 3}", 400));
            c.add(query("maxTokens 0", accept, "{\"question\": \"q\", \"maxTokens\": 0}", 400));
            c.add(query("bad collection", accept, "{\"question\": \"q\", \"collection\": \"../x\"}", 400));
            c.add(query("not JSON", accept, "question=q", 400));
        }
        c.add(query("topP zero", "application/json", "{\"question\": \"q\", \"topP\": 0}", 400));
        c.add(query("topP 1.5", "application/json", "{\"question\": \"q\", \"topP\": 1.5}", 400));
        c.add(query("topP NaN", "application/json", "{\"question\": \"q\", \"topP\": \"NaN\"}", 400));
        c.add(query("k 0", "application/json", "{\"question\": \"q\", \"k\": 0}", 400));
        c.add(query("temperature NaN", "application/json", "{\"question\": \"q\", \"temperature\": \"NaN\"}", 400));
        c.add(query("maxTokens a list", "application/json", "{\"question\": \"q\", \"maxTokens\": [1]}", 400));
        // media types and methods
        c.add(HostileRequest.postBytes(
                "search as text/plain", SEARCH, "text/plain", "x".getBytes(StandardCharsets.UTF_8), 415));
        c.add(HostileRequest.postBytes(
                "query as XML", QUERY, "application/xml", "<q/>".getBytes(StandardCharsets.UTF_8), 415));
        c.add(new HostileRequest(
                "query accepting only XML",
                "POST",
                QUERY,
                "application/json",
                "application/xml",
                "{\"question\": \"q\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(),
                406));
        c.add(HostileRequest.of("GET search", "GET", SEARCH, 405));
        c.add(HostileRequest.of("DELETE query", "DELETE", QUERY, 405));
        c.add(HostileRequest.postBytes(
                "invalid UTF-8",
                SEARCH,
                "application/json",
                new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
                400));
        return c.stream();
    }
}
