package io.renvoi.query.api;

import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.common.rest.RequestChecks;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Fusion;
import io.renvoi.query.retrieval.RetrievalConfig;
import io.renvoi.query.retrieval.SearchFilters;
import io.renvoi.query.retrieval.SearchMode;
import io.renvoi.query.retrieval.SearchSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Checks a {@link SearchRequest} and fills its defaults from the configuration into a {@link SearchSpec};
 * every problem becomes a 400 problem+json naming the field and what is accepted.
 */
@ApplicationScoped
class SearchValidator {
    static final int MAX_QUERY_CHARS = 2000;
    private static final int MAX_URL_PREFIX_CHARS = 2048;

    @Inject
    QueryConfig config;

    @Inject
    RetrievalConfig retrieval;

    @Inject
    ChunkSearcher searcher;

    SearchSpec validate(SearchRequest body) {
        RequestChecks.body(body, "{\"query\": \"...\", \"collection\": \"...\"}");
        String query = RequestChecks.text("query", body.query(), MAX_QUERY_CHARS);
        int k = RequestChecks.between("k", body.k(), 1, config.maxK(), config.defaultK());
        int maxPerDocument = // 0: no limit
                RequestChecks.between(
                        "maxPerDocument", body.maxPerDocument(), 0, config.maxK(), retrieval.maxPerDocument());
        SearchRequest.Filters f = body.filters();
        SearchFilters filters = new SearchFilters(
                collections(body),
                f == null ? List.of() : urlPrefixes(f.urlPrefix()),
                f == null ? null : indexedAfter(f.indexedAfter()));
        return new SearchSpec(query, filters, k, mode(body.mode()), fusion(body.fusion()), maxPerDocument);
    }

    private List<String> collections(SearchRequest body) {
        boolean many = body.collections() != null;
        if (many && body.collection() != null)
            throw new BadRequestException("give either collection or collections, not both");
        List<String> names =
                many ? body.collections() : List.of(body.collection() == null ? "default" : body.collection());
        if (names.isEmpty()) throw new BadRequestException("collections must name at least one collection");
        if (names.size() > retrieval.maxCollections()) {
            throw new BadRequestException(
                    "at most " + retrieval.maxCollections() + " collections per search (got " + names.size() + ")");
        }
        List<String> out = new ArrayList<>(new LinkedHashSet<>(names));
        for (int i = 0; i < names.size(); i++) {
            String problem = CollectionNames.problem(names.get(i));
            if (problem != null)
                throw new BadRequestException(
                        (many ? "collections[" + i + "]: " : "") + problem + " (got '" + names.get(i) + "')");
        }
        return out;
    }

    private static SearchMode mode(String mode) {
        if (mode == null) return SearchMode.HYBRID;
        return RequestChecks.parsed(
                "mode", mode, m -> SearchMode.valueOf(m.toUpperCase(Locale.ROOT)), "one of hybrid, vector, bm25");
    }

    /** The prefix as URLs are stored: scheme and host lower-cased. */
    private static List<String> urlPrefixes(String prefix) {
        if (prefix == null) return List.of();
        String lower = prefix.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://")) || prefix.length() > MAX_URL_PREFIX_CHARS) {
            throw new BadRequestException("filters.urlPrefix must start with http:// or https:// and be at most "
                    + MAX_URL_PREFIX_CHARS + " characters (got '" + prefix + "')");
        }
        int schemeEnd = prefix.indexOf("://") + 3;
        int hostEnd = prefix.indexOf('/', schemeEnd);
        if (hostEnd < 0) hostEnd = prefix.length();
        return List.of(lower.substring(0, hostEnd) + prefix.substring(hostEnd));
    }

    /** The latest date a filter may name (later ones overflow epoch milliseconds or mean nothing). */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant indexedAfter(String value) {
        if (value == null) return null;
        String v = value.strip();
        try {
            Instant at;
            if (v.matches("\\d{1,15}")) at = Instant.ofEpochMilli(Long.parseLong(v));
            else if (v.matches("\\d{4}-\\d{2}-\\d{2}"))
                at = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            else at = Instant.parse(v);
            if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
                throw new BadRequestException(
                        "filters.indexedAfter must be between 1970-01-01 and 9999-12-31 (got '" + value + "')");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new BadRequestException("filters.indexedAfter must be an ISO-8601 date (2026-11-29), instant "
                    + "(2026-11-29T10:00:00Z) or epoch milliseconds (got '" + value + "')");
        }
    }

    private Fusion fusion(SearchRequest.FusionOverride o) {
        if (o == null) return null;
        Fusion defaults = searcher.defaultFusion();
        int rankConstant =
                RequestChecks.between("fusion.rankConstant", o.rankConstant(), 0, 10_000, defaults.rankConstant());
        double vectorWeight = o.vectorWeight() == null ? defaults.vectorWeight() : o.vectorWeight();
        double bm25Weight = o.bm25Weight() == null ? defaults.bm25Weight() : o.bm25Weight();
        if (!(vectorWeight >= 0 && vectorWeight <= 100) || !(bm25Weight >= 0 && bm25Weight <= 100)) {
            throw new BadRequestException("fusion weights must be between 0 and 100");
        }
        if (vectorWeight == 0 && bm25Weight == 0) throw new BadRequestException("fusion weights must not both be 0");
        Fusion.Method method = defaults.method();
        if (o.method() != null) {
            method = RequestChecks.parsed("fusion.method", o.method(), Fusion.Method::parse, "rrf or linear");
        }
        return new Fusion(method, rankConstant, vectorWeight, bm25Weight);
    }
}
