package io.renvoi.common.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * The test suites' web site: an HTTP server on a loopback address ({@link #start()} on 127.0.0.1, the test
 * profiles' allow-listed address; {@link #on(String)} on 127.0.0.2, 127.0.0.3, ... for a host of its own to the
 * crawlers' politeness) whose pages the tests register by path ({@link #page}), or by path prefix ({@link #pages}),
 * each with status, content type, body, headers and delay, and change while it runs: {@link #fail}, {@link #restore},
 * {@link #redirect}, {@link #failOnce}, {@link #flap}, {@link #remove}, {@link #delay}. HTML pages carry an ETag (the
 * text's hash, {@link #etagOf}) and honour If-None-Match. robots.txt ({@link #robots}) and sitemaps ({@link #sitemap})
 * are pages too; anything unregistered answers 404 (robots.txt included: everything may be fetched). Every request
 * is recorded: {@link #hits}, {@link #notModified}, {@link #requestTimes}, {@link #pageRequests}, {@link #bodyBytes}.
 */
public final class LoopbackSite implements AutoCloseable {

    /** How a page answers: status, content type, body (null: none), extra headers, delay, gzip, ETag. */
    public record Page(
            int status,
            String contentType,
            byte[] body,
            Map<String, String> headers,
            long delayMillis,
            boolean gzip,
            boolean etag) {

        /** An HTML page: 200, {@code text/html; charset=utf-8}, with an ETag honoured on If-None-Match. */
        public static Page html(String html) {
            return new Page(200, "text/html; charset=utf-8", utf8(html), Map.of(), 0, false, true);
        }

        /** A body of this type with this status. */
        public static Page of(int status, String contentType, String body) {
            return of(status, contentType, utf8(body));
        }

        public static Page of(int status, String contentType, byte[] body) {
            return new Page(status, contentType, body, Map.of(), 0, false, false);
        }

        /** This status and no body. */
        public static Page status(int status) {
            return new Page(status, null, null, Map.of(), 0, false, false);
        }

        /** The same page answered this much later. */
        public Page delayed(long millis) {
            return new Page(status, contentType, body, headers, millis, gzip, etag);
        }

        /** The same page sent with {@code Content-Encoding: gzip}. */
        public Page gzipped() {
            return new Page(status, contentType, body, headers, delayMillis, true, etag);
        }

        /** The same page with one more response header. */
        public Page header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Page(status, contentType, body, Map.copyOf(more), delayMillis, gzip, etag);
        }
    }

    /** One request: its path, when it arrived ({@link System#nanoTime()} and epoch millis). */
    public record Request(String path, long nanoTime, long epochMillis) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final String address;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, Function<String, Page>> prefixes = new ConcurrentHashMap<>();
    /** Answers that replace a page until {@link #restore}d or the page is set again (fail, redirect). */
    private final Map<String, Page> overrides = new ConcurrentHashMap<>();

    private final Map<String, Integer> once = new ConcurrentHashMap<>();
    private final Map<String, Boolean> flapping = new ConcurrentHashMap<>();
    private final Set<String> sitemaps = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private volatile long delayMillis;

    private LoopbackSite(String address) {
        this.address = address;
        try {
            server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A site on 127.0.0.1. */
    public static LoopbackSite start() {
        return on("127.0.0.1");
    }

    /** A site bound to this loopback address (127.0.0.2, ...: a distinct host to the fetchers). */
    public static LoopbackSite on(String address) {
        return new LoopbackSite(address);
    }

    /** The address the site is bound to, e.g. 127.0.0.1. */
    public String address() {
        return address;
    }

    /** {@code address:port}: the host the services count this site's requests under. */
    public String hostAndPort() {
        return address + ":" + server.getAddress().getPort();
    }

    /** {@code http://address:port}, without a trailing slash. */
    public String base() {
        return "http://" + hostAndPort();
    }

    public String url(String path) {
        return base() + path;
    }

    // --- pages ---

    /** Serves this HTML at {@code path} (see {@link Page#html}); clears a failure or redirect set on it. */
    public LoopbackSite page(String path, String html) {
        return page(path, Page.html(html));
    }

    public LoopbackSite page(String path, int status, String contentType, String body) {
        return page(path, Page.of(status, contentType, body));
    }

    /**
     * Serves a page titled {@code title} of these paragraphs at {@code path}, inside a site's usual navigation and
     * footer (which extraction must leave out); its URL.
     */
    public String put(String path, String title, String... paragraphs) {
        StringBuilder html = new StringBuilder("<html><head><title>")
                .append(title)
                .append("</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav><main><h1>")
                .append(title)
                .append("</h1>");
        for (String p : paragraphs) {
            html.append("<p>").append(p).append("</p>");
        }
        page(
                path,
                html.append("</main><footer>Sample site footer</footer></body></html>")
                        .toString());
        return url(path);
    }

    /** Serves {@code page} at {@code path}; clears a failure or redirect set on it. */
    public LoopbackSite page(String path, Page page) {
        pages.put(path, page);
        overrides.remove(path);
        return this;
    }

    /** Serves every path starting with {@code prefix} that has no page of its own with {@code byPath}'s answer. */
    public LoopbackSite pages(String prefix, Function<String, Page> byPath) {
        prefixes.put(prefix, byPath);
        return this;
    }

    /** Serves this robots.txt (text/plain). */
    public LoopbackSite robots(String text) {
        return page("/robots.txt", 200, "text/plain", text);
    }

    /** Serves a sitemap XML at {@code path}, gzipped (application/gzip) when the path ends in .gz; its URL. */
    public String sitemap(String path, String xml) {
        byte[] body = utf8(xml);
        boolean gz = path.endsWith(".gz");
        sitemaps.add(path);
        page(path, Page.of(200, gz ? "application/gzip" : "application/xml", gz ? gzip(body) : body));
        return url(path);
    }

    /** Serves a sitemap listing these URLs. */
    public String sitemap(String path, List<String> urls) {
        StringBuilder xml = new StringBuilder(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        urls.forEach(u -> xml.append("<url><loc>").append(u).append("</loc></url>"));
        return sitemap(path, xml.append("</urlset>").toString());
    }

    public void remove(String path) {
        pages.remove(path);
        overrides.remove(path);
    }

    // --- changes while the site runs ---

    /** The page answers with this status and no body from now on (until {@link #restore} or {@link #page}). */
    public void fail(String path, int status) {
        fail(path, status, null);
    }

    /** As {@link #fail(String, int)}, with a Retry-After header when {@code retryAfter} is not null. */
    public void fail(String path, int status, String retryAfter) {
        Page failed = Page.status(status);
        overrides.put(path, retryAfter == null ? failed : failed.header("Retry-After", retryAfter));
    }

    /** The page redirects to {@code location} with this status (until {@link #restore} or {@link #page}). */
    public void redirect(String path, int status, String location) {
        overrides.put(path, Page.status(status).header("Location", location));
    }

    /** Undoes {@link #fail} and {@link #redirect}: the page answers as it was registered. */
    public void restore(String path) {
        overrides.remove(path);
    }

    /** The next request to the page answers {@code status} (no body); the ones after it as before. */
    public void failOnce(String path, int status) {
        once.put(path, status);
    }

    /** Every other request to the page fails with 503, starting with the next one. */
    public void flap(String path) {
        flapping.put(path, Boolean.TRUE);
    }

    /** From now on every request is answered this much later, as by a slow site. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    // --- what was asked ---

    public int hits(String path) {
        return counter(hits, path).get();
    }

    /** Requests of the page answered 304 (If-None-Match matched its ETag). */
    public int notModified(String path) {
        return counter(notModified, path).get();
    }

    /** When each request to the path arrived (epoch millis). */
    public List<Long> requestTimes(String path) {
        return requests.stream()
                .filter(r -> r.path().equals(path))
                .map(Request::epochMillis)
                .toList();
    }

    /** Every request so far, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of pages, in order of arrival: robots.txt and sitemaps left out. */
    public List<Request> pageRequests() {
        return requests.stream()
                .filter(r -> !r.path().equals("/robots.txt") && !sitemaps.contains(r.path()))
                .toList();
    }

    /** The body bytes sent so far. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    // --- helpers for page texts ---

    /** An HTML page with this title and one {@code <p>} per paragraph. */
    public static String html(String title, String... paragraphs) {
        return html(title, List.of(paragraphs));
    }

    public static String html(String title, List<String> paragraphs) {
        StringBuilder sb =
                new StringBuilder("<html><head><title>").append(title).append("</title></head><body>");
        paragraphs.forEach(p -> sb.append("<p>").append(p).append("</p>"));
        return sb.append("</body></html>").toString();
    }

    /** The ETag an HTML page is served with. */
    public static String etagOf(String html) {
        return "\"" + Integer.toHexString(html.hashCode()) + "\"";
    }

    private static String etagOf(byte[] body) {
        return etagOf(new String(body, StandardCharsets.UTF_8));
    }

    // --- serving ---

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(path, System.nanoTime(), System.currentTimeMillis()));
        counter(hits, path).incrementAndGet();
        sleep(delayMillis);
        try {
            Integer onceStatus = once.remove(path);
            Boolean flapNow = flapping.computeIfPresent(path, (p, fail) -> !fail);
            if (onceStatus != null) {
                ex.sendResponseHeaders(onceStatus, -1);
            } else if (flapNow != null && !flapNow) {
                ex.sendResponseHeaders(503, -1); // the stored "fail next" was true (now flipped): this one fails
            } else {
                Page page = overrides.get(path);
                if (page == null) page = lookUp(path);
                if (page == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    send(ex, path, page);
                }
            }
        } catch (IOException closedByClient) {
            // the fetcher may stop reading a body it refuses
        } finally {
            ex.close();
        }
    }

    private Page lookUp(String path) {
        Page page = pages.get(path);
        if (page != null) return page;
        String longest = null;
        for (String prefix : prefixes.keySet()) {
            if (path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) longest = prefix;
        }
        return longest == null ? null : prefixes.get(longest).apply(path);
    }

    private void send(HttpExchange ex, String path, Page page) throws IOException {
        sleep(page.delayMillis());
        page.headers().forEach((name, value) -> ex.getResponseHeaders().add(name, value));
        if (page.body() == null) {
            ex.sendResponseHeaders(page.status(), -1);
            return;
        }
        if (page.contentType() != null) ex.getResponseHeaders().add("Content-Type", page.contentType());
        if (page.etag() && page.status() == 200) {
            String etag = etagOf(page.body());
            ex.getResponseHeaders().add("ETag", etag);
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                counter(notModified, path).incrementAndGet();
                ex.sendResponseHeaders(304, -1);
                return;
            }
        }
        byte[] out = page.gzip() ? gzip(page.body()) : page.body();
        if (page.gzip()) ex.getResponseHeaders().add("Content-Encoding", "gzip");
        bodyBytes.addAndGet(out.length);
        ex.sendResponseHeaders(page.status(), out.length == 0 ? -1 : out.length);
        ex.getResponseBody().write(out);
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String path) {
        return counters.computeIfAbsent(path, p -> new AtomicInteger());
    }

    private static void sleep(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
