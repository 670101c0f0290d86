package io.renvoi.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * One loopback host of a multi-host test (127.0.0.2, 127.0.0.3, ...: distinct hosts to the frontier), recording
 * when each page request arrived. Pages: /p/NAME (HTML), /slow/NAME (answers after {@code stallMillis}),
 * /bomb (32 MB of markup gzipped), /nested (200,000 nested elements), /big.pdf (a PDF that is not one),
 * /lastmod/NAME; sitemaps are added with {@link #sitemap}.
 */
final class HostSite implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    final String base;
    final String ip;
    /** Arrival times ({@link System#nanoTime()}) of page requests (robots.txt and sitemaps excluded). */
    final List<Long> pageTimes = new CopyOnWriteArrayList<>();
    final Map<String, Integer> hits = new ConcurrentHashMap<>();
    /** Page paths in the order they were requested. */
    final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> sitemaps = new ConcurrentHashMap<>();
    volatile long stallMillis = 3000;

    HostSite(String ip) throws IOException {
        this.ip = ip;
        server = HttpServer.create(new InetSocketAddress(ip, 0), 0);
        server.setExecutor(pool);
        server.createContext("/robots.txt", ex -> send(ex, 200, "text/plain", "User-agent: *\nAllow: /\n".getBytes(), false));
        server.createContext("/p/", ex -> {
            record(ex);
            send(ex, 200, "text/html; charset=utf-8", page(ex.getRequestURI().getPath()), false);
        });
        server.createContext("/slow/", ex -> {
            record(ex);
            try {
                Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "text/html", page(ex.getRequestURI().getPath()), false);
        });
        server.createContext("/bomb", ex -> {
            record(ex);
            StringBuilder html = new StringBuilder(33_000_000).append("<html><body>");
            while (html.length() < 32_000_000) html.append("<p>boom boom boom boom boom boom</p>");
            send(ex, 200, "text/html", html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8), true);
        });
        server.createContext("/nested", ex -> {
            record(ex);
            String html = "<html><body>" + "<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000) + "</body></html>";
            send(ex, 200, "text/html", html.getBytes(StandardCharsets.UTF_8), true);
        });
        server.createContext("/big.pdf", ex -> {
            record(ex);
            byte[] junk = new byte[3_000_000];
            System.arraycopy("%PDF-1.7\n".getBytes(), 0, junk, 0, 9);
            send(ex, 200, "application/pdf", junk, false);
        });
        server.createContext("/sitemaps/", ex -> {
            byte[] body = sitemaps.get(ex.getRequestURI().getPath());
            if (body == null) {
                send(ex, 404, "text/plain", "no".getBytes(), false);
            } else {
                boolean gz = ex.getRequestURI().getPath().endsWith(".gz");
                send(ex, 200, gz ? "application/gzip" : "application/xml", body, false);
            }
        });
        server.start();
        base = "http://" + ip + ":" + server.getAddress().getPort();
    }

    /** Serves a sitemap at {@code path} (under /sitemaps/); a path ending in .gz is served gzipped. */
    String sitemap(String path, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        sitemaps.put(path, path.endsWith(".gz") ? gzip(body) : body);
        return base + path;
    }

    int hitsOf(String path) {
        return hits.getOrDefault(path, 0);
    }

    private void record(HttpExchange ex) {
        pageTimes.add(System.nanoTime());
        hits.merge(ex.getRequestURI().getPath(), 1, Integer::sum);
        order.add(ex.getRequestURI().getPath());
    }

    private static byte[] page(String path) {
        return ("<html><head><title>Page " + path + "</title></head><body><main><p>The keeper of " + path
                + " wound the clockwork that turned the lens.</p></main></body></html>").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean gzipped) throws IOException {
        byte[] out = gzipped ? gzip(body) : body;
        ex.getResponseHeaders().add("Content-Type", type);
        if (gzipped) ex.getResponseHeaders().add("Content-Encoding", "gzip");
        try {
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
        } catch (IOException closedByClient) {
            // the fetcher may stop reading a body it refuses
        }
        ex.close();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(body);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
