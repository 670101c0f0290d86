import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * The demo's sample web site: a static file server on 127.0.0.1 only, with the validators Renvoi's
 * fetcher and link-checker use (ETag = sha256 of the bytes, Last-Modified, 304 on If-None-Match or
 * If-Modified-Since). With a layout ({@code --layout}, else {@code site-layout.html} beside the root when there is
 * one), each {@code .html} file holds only its head elements, a blank line and its article, and is served inside
 * the layout's shared page (header, navigation, footer) at {@code {{head}}} and {@code {{article}}}. Standard
 * library only; run with the JDK source launcher:
 *
 * <pre>java demo/SiteServer.java --port 8090 --root demo/site --layout demo/site-layout.html</pre>
 */
public final class SiteServer {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws IOException {
        int port = 8090;
        Path root = Path.of("demo/site");
        Path layout = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                case "--layout" -> layout = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: java SiteServer.java [--port 8090] [--root demo/site] [--layout demo/site-layout.html]");
                    System.exit(2);
                }
            }
        }
        Path base = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            System.err.println("not a directory: " + base);
            System.exit(2);
        }
        Path sibling = base.resolveSibling("site-layout.html");
        Path pageLayout = layout != null ? layout : Files.isRegularFile(sibling) ? sibling : null;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, base, pageLayout);
            } catch (RuntimeException e) {
                System.err.println("error serving " + exchange.getRequestURI() + ": " + e);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("SiteServer serving " + base + " on http://127.0.0.1:" + port + "/");
    }

    private static void serve(HttpExchange ex, Path base, Path layout) throws IOException {
        String method = ex.getRequestMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n", head);
            return;
        }
        String path = URI.create(ex.getRequestURI().getRawPath()).getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            path = (path == null ? "/" : path) + "index.html";
        }
        Path file = base.resolve(path.substring(1)).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            log(ex, 404);
            send(ex, 404, "text/html; charset=utf-8", "<!DOCTYPE html><title>Not found</title><h1>404 Not found</h1>\n", head);
            return;
        }
        boolean laidOut = layout != null && contentType(file).startsWith("text/html");
        byte[] body = laidOut
                ? render(Files.readString(layout), Files.readString(file)).getBytes(StandardCharsets.UTF_8)
                : Files.readAllBytes(file);
        String etag = '"' + sha256(body) + '"';
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        if (laidOut && Files.getLastModifiedTime(layout).toInstant().isAfter(modified)) {
            modified = Files.getLastModifiedTime(layout).toInstant();
        }
        modified = modified.truncatedTo(ChronoUnit.SECONDS);
        Headers h = ex.getResponseHeaders();
        h.set("ETag", etag);
        h.set("Last-Modified", HTTP_DATE.format(modified));
        h.set("Cache-Control", "no-cache");
        if (notModified(ex.getRequestHeaders(), etag, modified)) {
            log(ex, 304);
            ex.sendResponseHeaders(304, -1);
            return;
        }
        h.set("Content-Type", contentType(file));
        log(ex, 200);
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The page's head elements (up to its first blank line) and article, put into the layout. */
    static String render(String layout, String page) {
        page = page.replace("\r\n", "\n");
        int cut = page.indexOf("\n\n");
        String head = cut < 0 ? "" : page.substring(0, cut);
        return layout.replace("{{head}}", head).replace("{{article}}", page.substring(cut < 0 ? 0 : cut + 2));
    }

    private static boolean notModified(Headers req, String etag, Instant modified) {
        String inm = req.getFirst("If-None-Match");
        if (inm != null) {
            return inm.trim().equals("*") || Arrays.stream(inm.split(","))
                    .map(String::trim)
                    .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                    .anyMatch(etag::equals);
        }
        String ims = req.getFirst("If-Modified-Since");
        if (ims != null) {
            try {
                return !modified.isAfter(ZonedDateTime.parse(ims.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) return "text/html; charset=utf-8";
        if (name.endsWith(".txt")) return "text/plain; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        return "application/octet-stream";
    }

    private static void send(HttpExchange ex, int status, String type, String text, boolean head) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void log(HttpExchange ex, int status) {
        System.out.println(Instant.now() + " " + ex.getRequestMethod() + " " + ex.getRequestURI() + " " + status);
    }
}
