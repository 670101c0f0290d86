package io.renvoi.ingest;

import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.opensearch.client.RestClient;

/**
 * {@link OnMixedSite} plus the stand-in embed-service ({@link FakeEmbedService}) on the test Kafka and OpenSearch, so a
 * job's pages are indexed and counted as embed-service would.
 */
abstract class OnMixedSiteWithEmbed extends OnMixedSite {
    protected final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Inject
    RestClient openSearch;

    protected FakeEmbedService embed;

    @BeforeEach
    void startEmbed() throws Exception {
        embed = new FakeEmbedService(bootstrap, openSearch);
    }

    @AfterEach
    void closeEmbed() throws Exception {
        embed.close();
    }
}
