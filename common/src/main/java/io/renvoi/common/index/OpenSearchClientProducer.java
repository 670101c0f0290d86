package io.renvoi.common.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.CredentialsProvider;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.rest_client.RestClientTransport;

/**
 * Builds the one OpenSearch client of a service from {@link OpenSearchConfig}; everything else injects it.
 * With a user name it sends HTTP basic credentials, with a trust certificate it trusts that PEM CA instead of
 * the JVM's trust store; with neither it is a plain client, as before the security plugin was supported.
 */
@ApplicationScoped
public class OpenSearchClientProducer {
    @Produces
    @Singleton
    RestClient restClient(OpenSearchConfig config) {
        return builder(config).build();
    }

    @Produces
    @Singleton
    OpenSearchClient openSearchClient(RestClient restClient) {
        return typed(restClient);
    }

    /** The typed client over {@code restClient} (sharing its connections), documents mapped by Jackson. */
    public static OpenSearchClient typed(RestClient restClient) {
        return new OpenSearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    void close(@Disposes RestClient restClient) throws IOException {
        restClient.close();
    }

    /** The low-level client's builder for {@code config}: URL, timeout, and credentials and TLS trust when set. */
    static RestClientBuilder builder(OpenSearchConfig config) {
        Optional<CredentialsProvider> credentials = credentials(config);
        Optional<SSLContext> ssl = config.trustCertificate().map(p -> trusting(Path.of(p)));
        RestClientBuilder builder = RestClient.builder(HttpHost.create(config.url()))
                .setRequestConfigCallback(
                        b -> b.setSocketTimeout((int) config.socketTimeout().toMillis()));
        if (credentials.isPresent() || ssl.isPresent()) {
            builder.setHttpClientConfigCallback(http -> {
                credentials.ifPresent(http::setDefaultCredentialsProvider);
                ssl.ifPresent(http::setSSLContext);
                return http;
            });
        }
        return builder;
    }

    private static Optional<CredentialsProvider> credentials(OpenSearchConfig config) {
        if (config.username().isEmpty()) {
            if (config.password().isPresent()) {
                throw new IllegalStateException("renvoi.opensearch.password is set without renvoi.opensearch.username");
            }
            return Optional.empty();
        }
        String password = config.password()
                .orElseThrow(() -> new IllegalStateException(
                        "renvoi.opensearch.username is set without renvoi.opensearch.password"));
        BasicCredentialsProvider provider = new BasicCredentialsProvider();
        provider.setCredentials(
                AuthScope.ANY, new UsernamePasswordCredentials(config.username().get(), password));
        return Optional.of(provider);
    }

    /**
     * A TLS context that trusts exactly the certificates of the PEM file {@code pem} (one or more, e.g. the
     * cluster's CA); host names are still verified.
     */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenSearch trust certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot load the OpenSearch trust certificate " + pem + ": " + e.getMessage(), e);
        }
    }
}
