package io.renvoi.query.api;

import java.util.List;

/** Body of {@code POST /api/v1/search}. */
public record SearchRequest(String query, String collection, List<String> collections, Integer k, String mode) {}
