package io.renvoi.ingest.api;

import java.util.Map;

/** Body of {@code POST /api/v1/documents}. */
public record DocumentRequest(String url, String collection, Map<String, String> metadata) {}
