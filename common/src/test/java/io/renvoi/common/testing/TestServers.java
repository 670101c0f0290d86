package io.renvoi.common.testing;

import org.apache.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * Where the suites' Kafka and OpenSearch are: {@code -Drenvoi.test.kafka} and {@code -Drenvoi.test.opensearch} (set by
 * {@code ./renvoi test}), else the test servers' default ports. The services' test profiles read the same properties
 * ({@code %test.kafka.bootstrap.servers}, {@code %test.renvoi.opensearch.url}).
 */
public final class TestServers {
    private TestServers() {}

    /** Kafka's bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    public static String kafka() {
        return System.getProperty("renvoi.test.kafka", "127.0.0.1:19092");
    }

    /** OpenSearch's URL, e.g. {@code http://127.0.0.1:19200}. */
    public static String openSearch() {
        return System.getProperty("renvoi.test.opensearch", "http://127.0.0.1:19200");
    }

    /** A new low-level client to {@link #openSearch()}; the caller closes it. */
    public static RestClient openSearchClient() {
        return RestClient.builder(HttpHost.create(openSearch())).build();
    }
}
