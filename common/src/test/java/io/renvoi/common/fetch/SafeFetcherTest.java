package io.renvoi.common.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serves from 127.0.0.2 (allow-listed) and checks that hops to other loopback addresses are refused. */
class SafeFetcherTest {
    /** 64 MB of zeros gzip to ~64 KB: under the wire limit, far over the decompressed limit. */
    private static final byte[] BOMB = bomb();

    private static byte[] bomb() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(buf)) {
            byte[] mb = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) gz.write(mb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/page", ex -> {
            byte[] body = "<html><title>T</title><p>Hello</p></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.createContext(
                "/to-loopback",
                ex -> redirect(ex, "http://127.0.0.1:" + server.getAddress().getPort() + "/page"));
        server.createContext("/to-page", ex -> redirect(ex, "/page"));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/page");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/busy", ex -> {
            ex.getResponseHeaders().add("Retry-After", "120");
            ex.sendResponseHeaders(429, -1);
            ex.close();
        });
        server.createContext("/loop", ex -> redirect(ex, "/loop"));
        server.createContext("/gone", ex -> {
            ex.sendResponseHeaders(410, -1);
            ex.close();
        });
        server.createContext("/big", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0);
            byte[] kb = new byte[1024];
            for (int i = 0; i < 64; i++) ex.getResponseBody().write(kb);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/boom", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, BOMB.length);
            ex.getResponseBody().write(BOMB);
            ex.close();
        });
        server.createContext("/small-gzip", ex -> {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(buf)) {
                gz.write("<p>zipped hello</p>".getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, buf.size());
            ex.getResponseBody().write(buf.toByteArray());
            ex.close();
        });
        server.createContext("/image", ex -> {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 4);
            ex.getResponseBody().write(new byte[4]);
            ex.close();
        });
        server.createContext("/error", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.2:" + server.getAddress().getPort();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws java.io.IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SafeFetcher fetcher() {
        FetchLimits d = FetchLimits.defaults();
        return new SafeFetcher(
                new FetchLimits(List.of("127.0.0.2/32"), d.connectTimeout(), d.totalTimeout(), 16 * 1024, 3, "test")
                        .withPoliteness(java.time.Duration.ZERO)
                        .withReadTimeout(java.time.Duration.ofMillis(500))
                        .withSizes(256 * 1024, 1024 * 1024));
    }

    @Test
    void fetchesAllowListedPageWithValidators() {
        FetchResult r = fetcher().fetch(base + "/page");
        assertThat(r.ok()).isTrue();
        assertThat(r.contentType()).isEqualTo("text/html");
        assertThat(r.etag()).isEqualTo("\"v1\"");
        assertThat(r.bodyText()).contains("Hello");
        assertThat(fetcher().fetch(base + "/page", "\"v1\"", null).outcome()).isEqualTo(FetchOutcome.NOT_MODIFIED);
    }

    @Test
    void followsRedirectsButRechecksEveryHop() {
        assertThat(fetcher().fetch(base + "/to-page").ok()).isTrue();
        FetchResult refused = fetcher().fetch(base + "/to-loopback");
        assertThat(refused.outcome()).isEqualTo(FetchOutcome.PRIVATE_ADDRESS);
        assertThat(fetcher().fetch(base + "/loop").outcome()).isEqualTo(FetchOutcome.TOO_MANY_REDIRECTS);
    }

    @Test
    void refusesNonAllowListedLoopbackForms() {
        int port = server.getAddress().getPort();
        for (String url : List.of(
                "http://127.0.0.1:" + port + "/page",
                "http://[::1]:" + port + "/page",
                "http://0.0.0.0:" + port + "/page",
                "http://localhost:" + port + "/page")) {
            assertThat(fetcher().fetch(url).outcome()).as(url).isEqualTo(FetchOutcome.PRIVATE_ADDRESS);
        }
    }

    @Test
    void reportsGoneAndTooLarge() {
        assertThat(fetcher().fetch(base + "/gone").outcome()).isEqualTo(FetchOutcome.GONE);
    }

    @Test
    void boundsWireSizeAndDecompressedSize() {
        SafeFetcher small = new SafeFetcher(new FetchLimits(
                        List.of("127.0.0.2/32"),
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(10),
                        16 * 1024,
                        3,
                        "test")
                .withPoliteness(java.time.Duration.ZERO));
        assertThat(small.fetch(base + "/big").outcome()).isEqualTo(FetchOutcome.TOO_LARGE);
        FetchResult bomb = fetcher().fetch(base + "/boom");
        assertThat(bomb.outcome()).isEqualTo(FetchOutcome.TOO_LARGE);
        assertThat(bomb.detail()).contains(String.valueOf(1024 * 1024));
        FetchResult zipped = fetcher().fetch(base + "/small-gzip");
        assertThat(zipped.ok()).isTrue();
        assertThat(zipped.bodyText()).isEqualTo("<p>zipped hello</p>");
    }

    @Test
    void slowServerTimesOut() {
        long t0 = System.nanoTime();
        assertThat(fetcher().fetch(base + "/slow").outcome()).isEqualTo(FetchOutcome.TIMEOUT);
        assertThat(System.nanoTime() - t0).isLessThan(2_500_000_000L);
    }

    @Test
    void refusesMediaTypesNotAllowed() {
        FetchResult r = fetcher().fetch(base + "/image");
        assertThat(r.outcome()).isEqualTo(FetchOutcome.UNSUPPORTED_TYPE);
        assertThat(r.outcome().reason()).isEqualTo("unsupported-type");
    }

    @Test
    void reportsServerErrorsAndMissingPages() {
        assertThat(fetcher().fetch(base + "/error").outcome()).isEqualTo(FetchOutcome.HTTP_5XX);
        FetchResult missing = fetcher().fetch(base + "/nothing-here");
        assertThat(missing.outcome()).isEqualTo(FetchOutcome.GONE);
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void refusedHostInARedirectChainIsRefusedAtConnectTime() {
        // The resolver that the HTTP client connects through is the one that refuses: a name is not
        // resolved twice, so no DNS answer can change between the check and the connection.
        CheckedDnsResolver resolver = new CheckedDnsResolver(new AddressPolicy(List.of("127.0.0.2/32")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve("localhost"))
                .isInstanceOf(CheckedDnsResolver.RefusedAddressException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve("[::1]"))
                .isInstanceOf(CheckedDnsResolver.RefusedAddressException.class);
        assertThatNoException(() -> resolver.resolve("127.0.0.2"));
    }

    private static void assertThatNoException(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        org.assertj.core.api.Assertions.assertThatNoException().isThrownBy(call);
    }

    @Test
    void reportsPermanentRedirectsAndRetryAfter() {
        FetchResult moved = fetcher().fetch(base + "/moved");
        assertThat(moved.ok()).isTrue();
        assertThat(moved.permanentRedirect()).isTrue();
        assertThat(moved.finalUrl()).endsWith("/page");
        assertThat(fetcher().fetch(base + "/to-page").permanentRedirect()).isFalse();
        assertThat(fetcher().fetch(base + "/page").permanentRedirect()).isFalse();

        FetchResult busy = fetcher().fetch(base + "/busy");
        assertThat(busy.outcome()).isEqualTo(FetchOutcome.HTTP_5XX);
        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(120));
    }
}
