package io.renvoi.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A local web site for the benchmarks: serves each SciFact document as one HTML page at
 * {@code /doc/{corpus id}} on 127.0.0.1 (title in {@code <title>} and {@code <h1>}, the abstract in a
 * paragraph), and 404 for anything else (robots.txt included: everything may be fetched).
 * Reads: the corpus file. Usage: {@code PageServer --port=N --corpus=PATH [--limit=N]}.
 */
public final class PageServer {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "38090"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(Path.of(opts.get("corpus")), limit);
        Map<String, byte[]> pages = new HashMap<>();
        for (SciFactCorpus.Doc d : docs) {
            pages.put(d.id(), html(d).getBytes(StandardCharsets.UTF_8));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", pages(pages, () -> {}));
        server.start();
        System.out.printf("serving %d pages on http://127.0.0.1:%d/doc/{id}%n", pages.size(), port);
    }

    /** Serves {@code /doc/{id}} from {@code pages} (404 for anything else), calling {@code onRequest} first. */
    static com.sun.net.httpserver.HttpHandler pages(Map<String, byte[]> pages, Runnable onRequest) {
        return ex -> {
            onRequest.run();
            String path = ex.getRequestURI().getPath();
            byte[] page = path.startsWith("/doc/") ? pages.get(path.substring(5)) : null;
            if (page == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
            } else {
                send(ex, "text/html; charset=utf-8", page);
            }
        };
    }

    /** Answers {@code ex} with 200 and {@code body} of {@code contentType}, and closes the exchange. */
    static void send(HttpExchange ex, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    static String html(SciFactCorpus.Doc d) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(d.title())
                + "</title></head><body><main><h1>" + escape(d.title()) + "</h1><p>" + escape(d.text())
                + "</p></main></body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private PageServer() {}
}
