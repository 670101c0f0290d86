package io.renvoi.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A web server on 127.0.0.1 whose pages a test can add and remove while it runs. */
final class SampleSite implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    private final String host;

    SampleSite() throws IOException {
        this("127.0.0.1");
    }

    /** A site on another loopback address (127.0.0.2, ...): a host of its own for the crawlers' politeness. */
    SampleSite(String host) throws IOException {
        this.host = host;
        server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        server.createContext("/", ex -> {
            pause();
            String html = pages.get(ex.getRequestURI().getPath());
            Integer status = statuses.get(ex.getRequestURI().getPath());
            if (status != null) {
                ex.sendResponseHeaders(status, -1);
            } else if (html == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders()
                        .add(
                                "Content-Type",
                                types.getOrDefault(ex.getRequestURI().getPath(), "text/html; charset=utf-8"));
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    String put(String path, String title, String... paragraphs) {
        StringBuilder html = new StringBuilder("<html><head><title>")
                .append(title)
                .append("</title></head><body>")
                .append("<nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav><main><h1>")
                .append(title)
                .append("</h1>");
        for (String p : paragraphs) {
            html.append("<p>").append(p).append("</p>");
        }
        html.append("</main><footer>Sample site footer</footer></body></html>");
        pages.put(path, html.toString());
        return url(path);
    }

    /** Serves {@code body} as is with this content type (a sitemap, say). */
    String putRaw(String path, String contentType, String body) {
        types.put(path, contentType);
        pages.put(path, body);
        return url(path);
    }

    /** From now on every page is served this much later (one page at a time), as from a slow site. */
    void slowDown(long millis) {
        delayMillis = millis;
    }

    private void pause() {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on the page answers with this status and no body. */
    void answerWith(String path, int status) {
        statuses.put(path, status);
    }

    void remove(String path) {
        pages.remove(path);
    }

    String url(String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
