package io.renvoi.ingest.api;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /api/v1/ingest-jobs}: a collection and either {@code urls} or a {@code sitemap} URL. */
public record IngestJobRequest(String collection, List<String> urls, String sitemap, Map<String, String> metadata) {}
