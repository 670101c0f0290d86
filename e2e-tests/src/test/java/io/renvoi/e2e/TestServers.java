package io.renvoi.e2e;

import static io.restassured.RestAssured.given;

import io.renvoi.common.index.ChunkIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test Kafka and OpenSearch started by {@code ./renvoi test}: where they are, the settings every service process
 * of a suite starts with, what {@code rag-chunks} holds of a collection, and stopping or starting OpenSearch through its
 * launcher script (only when the test command started it, i.e. RENVOI_STATE is set).
 */
final class TestServers {
    static final String KAFKA = System.getProperty("renvoi.test.kafka", "127.0.0.1:19092");
    static final String OPENSEARCH = System.getProperty("renvoi.test.opensearch", "http://127.0.0.1:19200");

    private TestServers() {}

    /**
     * What a service process is started with (a mutable map, for the service's own settings): the test Kafka and
     * OpenSearch, fetching allowed from {@code allowList} (loopback ranges only) at 0.1 s politeness.
     */
    static Map<String, String> serviceSettings(String allowList) {
        return new HashMap<>(Map.of(
                "kafka.bootstrap.servers", KAFKA,
                "renvoi.opensearch.url", OPENSEARCH,
                "renvoi.fetch.allow-list", allowList,
                "renvoi.fetch.politeness-interval", "0.1s"));
    }

    /** {@link #serviceSettings(String)} with triton-local on 127.0.0.1:{@code tritonPort} as the LLM and embedder. */
    static Map<String, String> serviceSettings(String allowList, int tritonPort) {
        Map<String, String> settings = serviceSettings(allowList);
        settings.put("renvoi.triton.host", "127.0.0.1");
        settings.put("renvoi.triton.port", String.valueOf(tritonPort));
        return settings;
    }

    /** link-checker settings that scan every second and re-check a page every one to two seconds. */
    static Map<String, String> quickLinkChecks() {
        return Map.of(
                "renvoi.links.scan-every", "1s",
                "renvoi.links.initial-interval", "1s",
                "renvoi.links.min-interval", "1s",
                "renvoi.links.max-interval", "2s",
                "renvoi.links.host-delay", "0s");
    }

    /** The chunks of {@code collection} in rag-chunks, after a refresh. */
    static long chunkCount(String collection) {
        given().post(OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_refresh");
        Integer n = readChunks("_count", "{\"query\":" + inCollection(collection) + "}", "count");
        return n;
    }

    /** The documents of {@code collection} that have chunks in rag-chunks (exact up to 40,000). */
    static int distinctDocuments(String collection) {
        Integer n = readChunks(
                "_search",
                "{\"size\":0,\"query\":" + inCollection(collection) + ","
                        + "\"aggs\":{\"docs\":{\"cardinality\":{\"field\":\"doc_id\",\"precision_threshold\":40000}}}}",
                "aggregations.docs.value");
        return n;
    }

    /** The query for the chunks of {@code collection}. */
    private static String inCollection(String collection) {
        return "{\"term\":{\"collection\":\"" + collection + "\"}}";
    }

    /**
     * POSTs {@code body} to rag-chunks' {@code endpoint} ({@code _count}, {@code _search}), answered 200; the value
     * at {@code path} of the answer.
     */
    private static <T> T readChunks(String endpoint, String body, String path) {
        return given().contentType("application/json")
                .body(body)
                .post(OPENSEARCH + "/" + ChunkIndex.ALIAS + "/" + endpoint)
                .then()
                .statusCode(200)
                .extract()
                .path(path);
    }

    /** True when this run's OpenSearch was started by the launcher, so a test may stop and restart it. */
    static boolean openSearchControllable() {
        return System.getenv("RENVOI_STATE") != null && Files.isExecutable(script());
    }

    static void openSearch(String command) throws Exception {
        Process p = new ProcessBuilder(script().toString(), command).inheritIO().start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("opensearch.sh " + command + " failed");
        }
    }

    private static Path script() {
        return Path.of(System.getProperty("renvoi.repo", "..")).resolve("services/opensearch/opensearch.sh");
    }
}
