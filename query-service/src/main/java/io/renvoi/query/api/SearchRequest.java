package io.renvoi.query.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/search}. Only {@code query} is required; {@code collection} or
 * {@code collections} (default "default"), {@code k}, {@code mode} (hybrid), {@code maxPerDocument} and
 * {@code fusion} default to the configuration.
 */
public record SearchRequest(
        String query,
        String collection,
        List<String> collections,
        Integer k,
        String mode,
        Filters filters,
        Integer maxPerDocument,
        FusionOverride fusion) {

    /**
     * @param urlPrefix only URLs starting with this (e.g. {@code https://docs.example.org/guide/})
     * @param indexedAfter only chunks indexed after this: an ISO-8601 instant or date (UTC), or epoch milliseconds
     */
    public record Filters(String urlPrefix, String indexedAfter) {}

    /** Per-request reciprocal rank fusion settings; each null falls back to the configuration. */
    public record FusionOverride(String method, Integer rankConstant, Double vectorWeight, Double bm25Weight) {}
}
