package io.renvoi.common.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.rest_client.RestClientTransport;

/** Builds the one OpenSearch client of a service from {@link OpenSearchConfig}; everything else injects it. */
@ApplicationScoped
public class OpenSearchClientProducer {
    @Produces
    @Singleton
    RestClient restClient(OpenSearchConfig config) {
        return RestClient.builder(HttpHost.create(config.url()))
                .setRequestConfigCallback(b -> b.setSocketTimeout((int) config.socketTimeout().toMillis()))
                .build();
    }

    @Produces
    @Singleton
    OpenSearchClient openSearchClient(RestClient restClient) {
        return new OpenSearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    void close(@Disposes RestClient restClient) throws IOException {
        restClient.close();
    }
}
