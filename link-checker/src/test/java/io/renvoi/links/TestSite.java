package io.renvoi.links;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A web server on 127.0.0.1 whose pages the tests change, remove and break on command. Pages serve an ETag
 * (the text's hash) and honour If-None-Match; every request is counted per path with the body bytes sent.
 */
final class TestSite implements AutoCloseable {
    /** How a page answers now. */
    record Behaviour(int status, String html, String location, String retryAfter) {}

    private final HttpServer server;
    private final Map<String, Behaviour> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private final Map<String, Boolean> flapping = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> times = new ConcurrentHashMap<>();
    private final Map<String, Integer> once = new ConcurrentHashMap<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private volatile long delayMs;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The host the link-checker counts this site's entries under: 127.0.0.1 and the port. */
    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** When each request to the page arrived (epoch millis). */
    List<Long> requestTimes(String path) {
        return List.copyOf(times.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static String html(String title, String text) {
        return "<html><head><title>" + title + "</title></head><body><p>" + text + "</p></body></html>";
    }

    void page(String path, String html) {
        pages.put(path, new Behaviour(200, html, null, null));
    }

    void fail(String path, int status, String retryAfter) {
        Behaviour b = pages.get(path);
        pages.put(path, new Behaviour(status, b == null ? null : b.html(), null, retryAfter));
    }

    void redirect(String path, int status, String location) {
        pages.put(path, new Behaviour(status, null, location, null));
    }

    void restore(String path) {
        Behaviour b = pages.get(path);
        pages.put(path, new Behaviour(200, b.html(), null, null));
    }

    /** The next request to the page answers {@code status}; the ones after it as before. */
    void failOnce(String path, int status) {
        once.put(path, status);
    }

    /** Every other request to the page fails with 503, starting with the next one. */
    void flap(String path) {
        flapping.put(path, Boolean.TRUE);
    }

    long bodyBytes() {
        return bodyBytes.get();
    }

    void delay(long ms) {
        delayMs = ms;
    }

    int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    int notModified(String path) {
        return notModified.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    static String etagOf(String html) {
        return "\"" + Integer.toHexString(html.hashCode()) + "\"";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        times.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try {
            if (delayMs > 0) Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Behaviour b = pages.get(path);
        Boolean flapNow = flapping.computeIfPresent(path, (p, fail) -> !fail);
        Integer onceStatus = once.remove(path);
        if (onceStatus != null) {
            ex.sendResponseHeaders(onceStatus, -1);
        } else if (flapNow != null && !flapNow) {
            ex.sendResponseHeaders(503, -1); // the stored "fail next" was true (now flipped): this one fails
        } else if (b == null) {
            ex.sendResponseHeaders(404, -1);
        } else if (b.location() != null) {
            ex.getResponseHeaders().add("Location", b.location());
            ex.sendResponseHeaders(b.status(), -1);
        } else if (b.status() != 200) {
            if (b.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", b.retryAfter());
            ex.sendResponseHeaders(b.status(), -1);
        } else {
            String etag = etagOf(b.html());
            ex.getResponseHeaders().add("ETag", etag);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                ex.sendResponseHeaders(304, -1);
            } else {
                byte[] body = b.html().getBytes(StandardCharsets.UTF_8);
                bodyBytes.addAndGet(body.length);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
