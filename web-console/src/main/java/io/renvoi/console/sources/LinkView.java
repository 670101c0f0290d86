package io.renvoi.console.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import io.renvoi.console.web.Times;
import java.util.ArrayList;
import java.util.List;

/**
 * A link-checker entry ({@code GET /api/v1/links}) as the Sources page shows it: address, status and reason, when
 * it was evicted and when it is checked next, and its latest checks, newest first.
 */
@TemplateData
public record LinkView(
        String docId,
        String url,
        String status,
        String reason,
        int lastHttpStatus,
        String evictedAt,
        String evictedIso,
        String nextCheckAt,
        String nextCheckIso,
        long nextCheckMillis,
        List<Check> history) {

    /** One check of the entry's history. */
    @TemplateData
    public record Check(String at, String iso, String outcome, int httpStatus, String detail) {}

    static LinkView of(JsonNode e) {
        List<Check> history = new ArrayList<>();
        for (JsonNode h : e.path("history")) {
            long at = h.path("at").asLong();
            history.add(
                    0,
                    new Check(
                            Times.shown(at),
                            Times.iso(at),
                            h.path("outcome").asText(""),
                            h.path("httpStatus").asInt(),
                            h.path("detail").asText("")));
        }
        long evicted = e.path("evictedAt").asLong(0);
        long next = e.path("nextCheckAt").asLong(0);
        return new LinkView(
                e.path("docId").asText(),
                e.path("url").asText(),
                e.path("status").asText(),
                e.path("reason").isNull() ? "" : e.path("reason").asText(""),
                e.path("lastHttpStatus").asInt(),
                Times.shown(evicted),
                Times.iso(evicted),
                Times.shown(next),
                Times.iso(next),
                next,
                history);
    }
}
