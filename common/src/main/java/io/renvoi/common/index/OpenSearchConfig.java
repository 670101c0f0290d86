package io.renvoi.common.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where OpenSearch is ({@code renvoi.opensearch.*}) and, when its security plugin is on, how to log in. */
@ConfigMapping(prefix = "renvoi.opensearch")
public interface OpenSearchConfig {
    /** Base URL of the cluster, e.g. http://127.0.0.1:9200 (https:// when the cluster serves TLS). */
    @WithDefault("http://127.0.0.1:9200")
    String url();

    /** Socket timeout of each request. */
    @WithDefault("30s")
    Duration socketTimeout();

    /** User for HTTP basic authentication (an internal user of the security plugin); unset: no credentials sent. */
    Optional<String> username();

    /** The password of {@link #username()}; required with it. */
    Optional<String> password();

    /**
     * Path of a PEM file with the CA certificate(s) to trust for an https {@link #url()}, in place of the JVM's
     * default trust store; unset: the JVM's default.
     */
    Optional<String> trustCertificate();
}
