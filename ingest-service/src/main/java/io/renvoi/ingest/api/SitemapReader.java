package io.renvoi.ingest.api;

import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Reads the {@code <loc>} URLs of a sitemap (urlset) fetched with the safe fetcher; a sitemap index is
 * followed one level down. The XML parser refuses DTDs and external entities (no XXE). Reads and writes
 * nothing else.
 */
@ApplicationScoped
public class SitemapReader {
    private static final Set<String> XML = Set.of("application/xml", "text/xml");

    private final SafeFetcher fetcher;

    SitemapReader(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** @throws BadRequestException when the sitemap cannot be fetched or parsed, or holds more than {@code max} URLs */
    public List<String> urls(String sitemapUrl, int max) {
        List<String> out = new ArrayList<>();
        read(sitemapUrl, max, out, true);
        return out;
    }

    private void read(String url, int max, List<String> out, boolean followIndex) {
        FetchResult r = fetcher.fetch(url, null, null, XML);
        if (!r.ok()) {
            throw new BadRequestException("cannot read sitemap " + url + ": " + r.outcome().reason()
                    + (r.detail() == null ? "" : " (" + r.detail() + ")"));
        }
        Document doc = parse(r.body(), url);
        String root = doc.getDocumentElement().getLocalName();
        NodeList locs = doc.getElementsByTagNameNS("*", "loc");
        if ("sitemapindex".equals(root)) {
            if (!followIndex) {
                throw new BadRequestException("sitemap index " + url + " nests another index");
            }
            for (int i = 0; i < locs.getLength(); i++) {
                read(locs.item(i).getTextContent().strip(), max, out, false);
            }
            return;
        }
        if (!"urlset".equals(root)) {
            throw new BadRequestException(url + " is not a sitemap (root element " + root + ")");
        }
        for (int i = 0; i < locs.getLength(); i++) {
            if (out.size() >= max) {
                throw new BadRequestException("sitemap holds more than " + max + " URLs; split the job");
            }
            out.add(locs.item(i).getTextContent().strip());
        }
    }

    private static Document parse(byte[] xml, String url) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new BadRequestException("sitemap " + url + " is not valid XML: " + e.getMessage());
        }
    }
}
