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
        server.createContext("/to-loopback", ex -> redirect(ex, "http://127.0.0.1:" + server.getAddress().getPort() + "/page"));
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
        return new SafeFetcher(new FetchLimits(List.of("127.0.0.2/32"), d.connectTimeout(), d.totalTimeout(), 16 * 1024, 3, "test"));
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
        for (String url : List.of("http://127.0.0.1:" + port + "/page", "http://[::1]:" + port + "/page",
                "http://0.0.0.0:" + port + "/page", "http://localhost:" + port + "/page")) {
            assertThat(fetcher().fetch(url).outcome()).as(url).isEqualTo(FetchOutcome.PRIVATE_ADDRESS);
        }
    }

    @Test
    void reportsGoneAndTooLarge() {
        assertThat(fetcher().fetch(base + "/gone").outcome()).isEqualTo(FetchOutcome.GONE);
        assertThat(fetcher().fetch(base + "/big").outcome()).isEqualTo(FetchOutcome.TOO_LARGE);
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
