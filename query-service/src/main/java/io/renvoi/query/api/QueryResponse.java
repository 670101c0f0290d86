package io.renvoi.query.api;

import io.renvoi.query.resolve.PassageStatus;
import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code POST /api/v1/query}: the answer, the passages it cites as [n], and what was dropped. A citation
 * carries the passage as verified (never stored in the index) and when it was last seen at its source.
 */
public record QueryResponse(String answer, List<Citation> citations, List<Dropped> dropped) {
    public record Citation(
            int n, String docId, String url, String title, PassageStatus status, String passage, Instant checkedAt) {}

    public record Dropped(String url, PassageStatus status) {}

    /** A plain-text rendering for terminals ({@code Accept: text/plain}). */
    public String toText() {
        StringBuilder sb = new StringBuilder(answer).append("\n");
        if (!citations.isEmpty()) {
            sb.append("\nSources:\n");
            for (Citation c : citations) {
                String title = c.title() == null ? "(untitled)" : c.title();
                sb.append("  [%s] %s - %s (%s)\n"
                        .formatted(c.n(), title, c.url(), c.status().json()));
            }
        }
        if (!dropped.isEmpty()) {
            sb.append("\nDropped (could not be verified):\n");
            for (Dropped d : dropped) {
                sb.append("  %s (%s)\n".formatted(d.url(), d.status().json()));
            }
        }
        return sb.toString();
    }
}
