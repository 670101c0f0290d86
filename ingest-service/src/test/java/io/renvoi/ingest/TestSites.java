package io.renvoi.ingest;

import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.common.testing.LoopbackSite.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The ingest suites' sites: pages set up on common's {@link LoopbackSite}. */
final class TestSites {
    private TestSites() {}

    /**
     * A site on 127.0.0.1 (the test profile's only allow-listed address) with pages of every outcome:
     * /ok/N (HTML), /md/N (Markdown), /gone/N (404), /err/N (500), /noindex/N, /private/N (robots.txt
     * disallows it for Renvoi), /img/N (image/png), and /sitemap.xml listing /ok/sm0..4.
     */
    static LoopbackSite mixed() {
        LoopbackSite site = LoopbackSite.start()
                .robots("User-agent: renvoi\nDisallow: /private/\n")
                .pages(
                        "/ok/",
                        path -> Page.of(
                                200,
                                "text/html; charset=utf-8",
                                "<html><head><title>Page " + path
                                        + "</title></head><body><nav>menu</nav><main><p>Lighthouse keepers trimmed the wicks every night. "
                                        + "The Fresnel lens of " + path
                                        + " focused the light.</p></main></body></html>"))
                .pages(
                        "/md/",
                        path -> Page.of(200, "text/markdown", "# Notes " + path + "\n\nA *Markdown* page about tides."))
                .pages("/gone/", path -> Page.of(404, "text/plain", "no"))
                .pages("/err/", path -> Page.of(500, "text/plain", "broken"))
                .pages(
                        "/noindex/",
                        path -> Page.of(
                                200,
                                "text/html",
                                "<html><head><meta name=\"robots\" content=\"noindex\"></head><body><p>secret</p></body></html>"))
                .pages("/private/", path -> Page.of(200, "text/html", "<p>private</p>"))
                .pages("/img/", path -> Page.of(200, "image/png", "PNG"));
        site.sitemap(
                "/sitemap.xml",
                IntStream.range(0, 5).mapToObj(i -> site.url("/ok/sm" + i)).toList());
        return site;
    }

    /** 200 URLs of {@link #mixed}: 120 HTML, 10 Markdown, 20 × 404, 20 × 500, 10 noindex, 10 robots-disallowed, 10 unsupported. */
    static List<String> mixedUrls(LoopbackSite site, String tag) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 120; i++) urls.add(site.url("/ok/" + tag + i));
        for (int i = 0; i < 10; i++) urls.add(site.url("/md/" + tag + i));
        for (int i = 0; i < 20; i++) urls.add(site.url("/gone/" + tag + i));
        for (int i = 0; i < 20; i++) urls.add(site.url("/err/" + tag + i));
        for (int i = 0; i < 10; i++) urls.add(site.url("/noindex/" + tag + i));
        for (int i = 0; i < 10; i++) urls.add(site.url("/private/" + tag + i));
        for (int i = 0; i < 10; i++) urls.add(site.url("/img/" + tag + i));
        return urls;
    }

    /**
     * One loopback host of a multi-host test (127.0.0.2, 127.0.0.3, ...: distinct hosts to the frontier); its
     * {@link LoopbackSite#pageRequests()} say when each page request arrived. Pages: /p/NAME (HTML), /slow/NAME
     * (answers after 3 s, see {@link #stall}), /bomb (32 MB of markup gzipped), /nested (200,000 nested elements),
     * /big.pdf (a PDF that is not one); sitemaps are added with {@link LoopbackSite#sitemap}.
     */
    static LoopbackSite host(String ip) {
        LoopbackSite host = LoopbackSite.on(ip)
                .robots("User-agent: *\nAllow: /\n")
                .pages("/p/", path -> Page.of(200, "text/html; charset=utf-8", hostPage(path)))
                .pages("/bomb", path -> {
                    StringBuilder html = new StringBuilder(33_000_000).append("<html><body>");
                    while (html.length() < 32_000_000) html.append("<p>boom boom boom boom boom boom</p>");
                    return Page.of(
                                    200,
                                    "text/html",
                                    html.append("</body></html>").toString())
                            .gzipped();
                })
                .pages(
                        "/nested",
                        path -> Page.of(
                                        200,
                                        "text/html",
                                        "<html><body>" + "<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000)
                                                + "</body></html>")
                                .gzipped())
                .pages("/big.pdf", path -> {
                    byte[] junk = new byte[3_000_000];
                    System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 9);
                    return Page.of(200, "application/pdf", junk);
                });
        return stall(host, 3000);
    }

    /** The host's /slow/ pages answer after this long. */
    static LoopbackSite stall(LoopbackSite host, long millis) {
        return host.pages(
                "/slow/", path -> Page.of(200, "text/html", hostPage(path)).delayed(millis));
    }

    private static String hostPage(String path) {
        return "<html><head><title>Page " + path + "</title></head><body><main><p>The keeper of " + path
                + " wound the clockwork that turned the lens.</p></main></body></html>";
    }
}
