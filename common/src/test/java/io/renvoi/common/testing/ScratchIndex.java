package io.renvoi.common.testing;

import io.renvoi.common.index.ResponseStatus;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * A JUnit extension for a test that makes indexes of its own on the suites' real OpenSearch
 * ({@link TestServers#openSearch()}): a fresh name ({@code prefix-xxxxxxxx}) per test instance, a client before each test; after
 * it, every index whose name starts with that name is deleted (the index, its versioned copies, its alias's
 * targets) and the client closed. Register it with {@code @RegisterExtension final ScratchIndex index = new
 * ScratchIndex("prefix")}.
 */
public final class ScratchIndex implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private RestClient client;

    /** A fresh name now (so that the test's field initialisers can use it), a client before each test. */
    public ScratchIndex(String prefix) {
        this.name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        client = TestServers.openSearchClient();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            client.performRequest(new Request("DELETE", "/" + name + "*"));
        } catch (ResponseException e) {
            if (!ResponseStatus.notFound(e)) {
                throw e;
            }
        } finally {
            client.close();
        }
    }

    /** This test's index name (a prefix of every index it may make, so that all are deleted after it). */
    public String name() {
        return name;
    }

    /** A low-level client on the test OpenSearch, open during the test. */
    public RestClient client() {
        return client;
    }
}
