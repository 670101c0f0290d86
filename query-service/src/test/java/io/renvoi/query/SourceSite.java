package io.renvoi.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source web site of the tests, on 127.0.0.1: HTML pages made of paragraphs, which tests change, break
 * (any status) or remove; pages carry an ETag and honour If-None-Match; counts the requests per path.
 */
final class SourceSite implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();

    SourceSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static String html(String title, List<String> paragraphs) {
        StringBuilder sb = new StringBuilder("<html><head><title>").append(title).append("</title></head><body>");
        paragraphs.forEach(p -> sb.append("<p>").append(p).append("</p>"));
        return sb.append("</body></html>").toString();
    }

    void page(String path, String html) {
        pages.put(path, html);
        failures.remove(path);
    }

    /** The page answers with this status (and no body) from now on. */
    void fail(String path, int status) {
        failures.put(path, status);
    }

    /** Requests of the page answered 304 (If-None-Match matched the page's ETag). */
    int notModified(String path) {
        return notModified.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    static String etagOf(String html) {
        return "\"" + Integer.toHexString(html.hashCode()) + "\"";
    }

    int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Integer failure = failures.get(path);
        String html = pages.get(path);
        if (failure != null) {
            ex.sendResponseHeaders(failure, -1);
        } else if (html == null) {
            ex.sendResponseHeaders(404, -1);
        } else if (etagOf(html).equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            ex.sendResponseHeaders(304, -1);
        } else {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", etagOf(html));
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
