package io.renvoi.ingest.api;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the page URLs (and their {@code <lastmod>}) of a sitemap with crawler-commons' parser: XML urlsets, plain
 * text lists and gzip files; sitemap indexes are followed at most {@value #MAX_DEPTH} levels deep (an index of
 * indexes of urlsets). Bounded: at most {@value #MAX_URLS_PER_SITEMAP} URLs per sitemap (the protocol's limit),
 * {@value #MAX_SITEMAPS} sitemaps in all, {@code max} URLs in all, and {@value #MAX_MILLIS} ms of reading; each
 * file is fetched with the safe fetcher (politeness, robots, size limits). DTDs are refused by the parser (no
 * XXE). Reads the web; writes nothing.
 */
@ApplicationScoped
public class SitemapReader {
    static final int MAX_DEPTH = 2;
    static final int MAX_URLS_PER_SITEMAP = 50_000;
    static final int MAX_SITEMAPS = 1_000;
    static final long MAX_MILLIS = 120_000;
    private static final Set<String> TYPES = Set.of(
            "application/xml",
            "text/xml",
            "application/gzip",
            "application/x-gzip",
            "application/octet-stream",
            "text/plain");

    /** A page listed by a sitemap, with its lastmod in epoch millis or null. */
    public record Entry(String url, Long lastModified) {}

    /** Why a sitemap job cannot go on: {@code sitemap-unreadable}, {@code sitemap-too-large}, {@code sitemap-too-deep}. */
    public static final class SitemapException extends RuntimeException {
        private final String reason;

        SitemapException(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    @Inject
    SafeFetcher fetcher;

    /** @throws SitemapException when a sitemap cannot be read, nests too deep or lists more than allowed */
    public List<Entry> entries(String sitemapUrl, int max) {
        List<Entry> out = new ArrayList<>();
        int[] sitemaps = {0};
        read(sitemapUrl, 0, max, out, sitemaps, System.currentTimeMillis() + MAX_MILLIS);
        return out;
    }

    private void read(String url, int depth, int max, List<Entry> out, int[] sitemaps, long deadline) {
        if (++sitemaps[0] > MAX_SITEMAPS) {
            throw new SitemapException("sitemap-too-large", "more than " + MAX_SITEMAPS + " sitemaps");
        }
        if (System.currentTimeMillis() > deadline) {
            throw new SitemapException("timeout", "reading the sitemaps took more than " + MAX_MILLIS / 1000 + " s");
        }
        FetchResult r = fetcher.fetch(url, null, null, TYPES);
        if (!r.ok()) {
            throw new SitemapException(
                    "sitemap-unreadable",
                    "cannot read sitemap " + url + ": " + r.outcome().reason()
                            + (r.detail() == null ? "" : " (" + r.detail() + ")"));
        }
        AbstractSiteMap map;
        try {
            SiteMapParser parser = new SiteMapParser(false);
            map = parser.parseSiteMap(
                    r.contentType() == null ? "application/xml" : r.contentType(), r.body(), new URL(r.finalUrl()));
        } catch (Exception e) {
            throw new SitemapException("sitemap-unreadable", "sitemap " + url + " cannot be parsed: " + e.getMessage());
        }
        if (map instanceof SiteMapIndex index) {
            if (depth >= MAX_DEPTH) {
                throw new SitemapException(
                        "sitemap-too-deep", "sitemap index " + url + " nests deeper than " + MAX_DEPTH + " levels");
            }
            for (AbstractSiteMap child : index.getSitemaps()) {
                read(child.getUrl().toString(), depth + 1, max, out, sitemaps, deadline);
            }
            return;
        }
        SiteMap sitemap = (SiteMap) map;
        if (sitemap.getSiteMapUrls().size() > MAX_URLS_PER_SITEMAP) {
            throw new SitemapException(
                    "sitemap-too-large", "sitemap " + url + " lists more than " + MAX_URLS_PER_SITEMAP + " URLs");
        }
        for (SiteMapURL u : sitemap.getSiteMapUrls()) {
            if (out.size() >= max) {
                throw new SitemapException(
                        "sitemap-too-large",
                        "the sitemaps list more than " + max + " URLs, the most one job may hold; split the job");
            }
            out.add(new Entry(
                    u.getUrl().toString(),
                    u.getLastModified() == null ? null : u.getLastModified().getTime()));
        }
    }
}
