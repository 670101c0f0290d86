package io.renvoi.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A site on 127.0.0.1 (the test profile's only allow-listed address) with pages of every outcome:
 * /ok/N (HTML), /md/N (Markdown), /gone/N (404), /err/N (500), /noindex/N, /private/N (robots.txt
 * disallows it for Renvoi), /img/N (image/png), and /sitemap.xml listing /ok/0..4.
 */
final class LoopbackSite implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    final String base;

    LoopbackSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/robots.txt", ex -> send(ex, 200, "text/plain", "User-agent: renvoi\nDisallow: /private/\n"));
        server.createContext("/ok/", ex -> send(ex, 200, "text/html; charset=utf-8", "<html><head><title>Page " + ex.getRequestURI().getPath()
                + "</title></head><body><nav>menu</nav><main><p>Lighthouse keepers trimmed the wicks every night. "
                + "The Fresnel lens of " + ex.getRequestURI().getPath() + " focused the light.</p></main></body></html>"));
        server.createContext("/md/", ex -> send(ex, 200, "text/markdown", "# Notes " + ex.getRequestURI().getPath()
                + "\n\nA *Markdown* page about tides."));
        server.createContext("/gone/", ex -> send(ex, 404, "text/plain", "no"));
        server.createContext("/err/", ex -> send(ex, 500, "text/plain", "broken"));
        server.createContext("/noindex/", ex -> send(ex, 200, "text/html",
                "<html><head><meta name=\"robots\" content=\"noindex\"></head><body><p>secret</p></body></html>"));
        server.createContext("/private/", ex -> send(ex, 200, "text/html", "<p>private</p>"));
        server.createContext("/img/", ex -> send(ex, 200, "image/png", "PNG"));
        server.createContext("/sitemap.xml", ex -> {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
            for (int i = 0; i < 5; i++) xml.append("<url><loc>").append(base()).append("/ok/sm").append(i).append("</loc></url>");
            send(ex, 200, "application/xml", xml.append("</urlset>").toString());
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** 200 URLs: 120 HTML, 10 Markdown, 20 × 404, 20 × 500, 10 noindex, 10 robots-disallowed, 10 unsupported. */
    List<String> mixedUrls(String tag) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 120; i++) urls.add(base + "/ok/" + tag + i);
        for (int i = 0; i < 10; i++) urls.add(base + "/md/" + tag + i);
        for (int i = 0; i < 20; i++) urls.add(base + "/gone/" + tag + i);
        for (int i = 0; i < 20; i++) urls.add(base + "/err/" + tag + i);
        for (int i = 0; i < 10; i++) urls.add(base + "/noindex/" + tag + i);
        for (int i = 0; i < 10; i++) urls.add(base + "/private/" + tag + i);
        for (int i = 0; i < 10; i++) urls.add(base + "/img/" + tag + i);
        return urls;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
