package io.renvoi.query.api;

/** Body of {@code POST /api/v1/query}. */
public record QueryRequest(String question, String collection, Integer k, Double temperature, Integer maxTokens) {}
