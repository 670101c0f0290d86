package io.renvoi.query.api;

/**
 * Body of {@code POST /api/v1/query}; the sampling fields ({@code temperature}, {@code maxTokens},
 * {@code topP}) default to {@code renvoi.triton.*}.
 */
public record QueryRequest(
        String question, String collection, Integer k, Double temperature, Integer maxTokens, Double topP) {}
