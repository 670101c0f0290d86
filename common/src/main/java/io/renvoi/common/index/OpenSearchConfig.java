package io.renvoi.common.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where OpenSearch is ({@code renvoi.opensearch.*}). */
@ConfigMapping(prefix = "renvoi.opensearch")
public interface OpenSearchConfig {
    /** Base URL of the cluster, e.g. http://127.0.0.1:9200. */
    @WithDefault("http://127.0.0.1:9200")
    String url();

    /** Socket timeout of each request. */
    @WithDefault("30s")
    Duration socketTimeout();
}
