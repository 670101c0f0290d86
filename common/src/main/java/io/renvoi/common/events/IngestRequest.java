package io.renvoi.common.events;

import io.renvoi.common.fetch.PolitenessPolicy;
import java.util.Map;

/**
 * A request to fetch and index one URL, published on {@link Topics#INGEST_REQUESTS} keyed by {@link #kafkaKey()},
 * the URL's site: every request for one site lands on one partition, so one ingest-service consumer owns the
 * site's crawl queue and its politeness (and a document's requests stay in order, since a document has one URL).
 *
 * @param sitemapLastModified the page's {@code <lastmod>} in the sitemap that listed it (epoch millis), or null:
 *     a page indexed after that time is not fetched again
 */
public record IngestRequest(
        String docId,
        String url,
        String collection,
        Map<String, String> metadata,
        IngestReason reason,
        String jobId,
        long requestedAt,
        Long sitemapLastModified)
        implements KeyedEvent {

    public IngestRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * A request made by a service rather than a user's job (a changed page, a re-check), at this moment: no job, no
     * sitemap date.
     */
    public static IngestRequest of(
            String docId, String url, String collection, IngestReason reason, Map<String, String> metadata) {
        return new IngestRequest(docId, url, collection, metadata, reason, null, System.currentTimeMillis(), null);
    }

    /** The record key on rag.ingest.requests: the URL's site (see {@link PolitenessPolicy#site}). */
    @Override
    public String kafkaKey() {
        return PolitenessPolicy.site(url);
    }
}
