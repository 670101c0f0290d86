package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.renvoi.common.testing.TestServers;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;

/** The status of real failed requests on the suites' OpenSearch, as either client reports it. */
class ResponseStatusTest {
    private RestClient client;
    private OpenSearchClient typed;
    private final String index = "test-status-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        client = TestServers.openSearchClient();
        typed = OpenSearchClientProducer.typed(client);
    }

    @AfterEach
    void cleanUp() throws IOException {
        client.performRequest(new Request("DELETE", "/" + index + "*"));
        client.close();
    }

    @Test
    void aCreateOfADocumentThatIsThereIsAConflictFromTheTypedClient() throws Exception {
        typed.create(c -> c.index(index).id("a").document(Map.of("n", 1)));

        Throwable failure =
                catchThrowable(() -> typed.create(c -> c.index(index).id("a").document(Map.of("n", 2))));

        assertThat(ResponseStatus.of(failure)).isEqualTo(409);
        assertThat(ResponseStatus.conflict(failure)).isTrue();
        assertThat(ResponseStatus.notFound(failure)).isFalse();
    }

    @Test
    void aMissingIndexIsNotFoundFromTheLowLevelClient() {
        Throwable failure = catchThrowable(() -> client.performRequest(new Request("GET", "/" + index + "/_doc/a")));

        assertThat(failure).isInstanceOf(ResponseException.class);
        assertThat(ResponseStatus.notFound(failure)).isTrue();
        assertThat(ResponseStatus.conflict(failure)).isFalse();
    }

    @Test
    void aFailureWithoutAnAnswerHasNoStatus() {
        assertThat(ResponseStatus.of(new ConnectException("refused"))).isEqualTo(-1);
        assertThat(ResponseStatus.notFound(new IOException("reset"))).isFalse();
    }
}
