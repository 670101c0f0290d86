package io.renvoi.query.api;

import java.util.List;

/** Answer of {@code POST /api/v1/search}: references only, no text. */
public record SearchResponse(List<SearchHit> hits) {
    public record SearchHit(String docId, String url, String title, int ord, int start, int end, double score) {}
}
