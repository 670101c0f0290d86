package io.renvoi.query.retrieval;

import java.time.Instant;
import java.util.List;

/**
 * What a search may return: chunks of these collections, optionally only from URLs starting with one of
 * the prefixes (a site or a section of it) and indexed after an instant.
 *
 * @param urlPrefixes empty for any URL
 * @param indexedAfter null for any time
 */
public record SearchFilters(List<String> collections, List<String> urlPrefixes, Instant indexedAfter) {
    public SearchFilters {
        collections = List.copyOf(collections);
        urlPrefixes = urlPrefixes == null ? List.of() : List.copyOf(urlPrefixes);
    }

    public static SearchFilters collections(List<String> collections) {
        return new SearchFilters(collections, List.of(), null);
    }
}
