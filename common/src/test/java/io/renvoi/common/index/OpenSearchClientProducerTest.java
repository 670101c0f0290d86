package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * The client's optional basic credentials and PEM trust, against an HTTP(S) server on 127.0.0.1 that records
 * the Authorization header. The server's self-signed certificate is made with the JDK's keytool.
 */
class OpenSearchClientProducerTest {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void trustsThePemCaAndSendsBasicCredentials() throws Exception {
        Path pem = selfSignedCertificate();
        String url = startHttps();

        try (RestClient client = OpenSearchClientProducer.builder(config(url, "embed-service", "s3cret", pem))
                .build()) {
            assertThat(client.performRequest(new Request("GET", "/"))
                            .getStatusLine()
                            .getStatusCode())
                    .isEqualTo(200);
        }

        String expected =
                "Basic " + Base64.getEncoder().encodeToString("embed-service:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).contains(expected);
    }

    @Test
    void withoutTheTrustCertificateTheSelfSignedServerIsRefused() throws Exception {
        selfSignedCertificate();
        String url = startHttps();

        try (RestClient client = OpenSearchClientProducer.builder(config(url, "embed-service", "s3cret", null))
                .build()) {
            assertThatThrownBy(() -> client.performRequest(new Request("GET", "/")))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(authorizations).isEmpty();
    }

    @Test
    void unsetMeansPlainHttpWithoutCredentials() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();

        try (RestClient client = OpenSearchClientProducer.builder(
                        config("http://127.0.0.1:" + server.getAddress().getPort(), null, null, null))
                .build()) {
            assertThatThrownBy(() -> client.performRequest(new Request("GET", "/")))
                    .isInstanceOfSatisfying(
                            ResponseException.class,
                            e -> assertThat(e.getResponse().getStatusLine().getStatusCode())
                                    .isEqualTo(401));
        }
        assertThat(authorizations).containsExactly("");
    }

    @Test
    void thePemFileMustHoldACertificate() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> OpenSearchClientProducer.trusting(empty)).hasMessageContaining("no certificate");
        assertThat(OpenSearchClientProducer.trusting(selfSignedCertificate()).getProtocol())
                .isEqualTo("TLS");
    }

    @Test
    void aUserWithoutPasswordIsRefused() {
        assertThatThrownBy(() ->
                        OpenSearchClientProducer.builder(config("http://127.0.0.1:9200", "embed-service", null, null)))
                .hasMessageContaining("without renvoi.opensearch.password");
    }

    /** Answers 401 with a basic challenge without credentials (as the security plugin does), else 200. */
    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        if (authorization == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorization == null ? 401 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String startHttps() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", this::answer);
        https.start();
        server = https;
        return "https://127.0.0.1:" + https.getAddress().getPort();
    }

    /** A self-signed certificate for 127.0.0.1 in server.p12, and its PEM (the "CA" the client trusts). */
    private Path selfSignedCertificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        if (!Files.exists(pem)) {
            keytool(
                    "-genkeypair",
                    "-alias",
                    "opensearch",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    STORE_PASSWORD,
                    "-keypass",
                    STORE_PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "opensearch",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    STORE_PASSWORD,
                    "-file",
                    pem.toString());
        }
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        return pem;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static OpenSearchConfig config(String url, String username, String password, Path trustCertificate) {
        return new OpenSearchConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration socketTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Optional<String> username() {
                return Optional.ofNullable(username);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }

            @Override
            public Optional<String> trustCertificate() {
                return Optional.ofNullable(trustCertificate).map(Path::toString);
            }
        };
    }
}
