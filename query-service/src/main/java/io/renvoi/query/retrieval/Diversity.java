package io.renvoi.query.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps at most a given number of chunks per document, in rank order, so one document does not fill every slot. */
public final class Diversity {
    private Diversity() {}

    /** The first k hits of {@code ranked} with at most {@code maxPerDocument} per document (0 = no limit). */
    public static List<Hit> limit(List<Hit> ranked, int maxPerDocument, int k) {
        List<Hit> out = new ArrayList<>(Math.min(k, ranked.size()));
        Map<String, Integer> perDocument = new HashMap<>();
        for (Hit h : ranked) {
            if (out.size() == k) break;
            if (maxPerDocument > 0 && perDocument.merge(h.docId(), 1, Integer::sum) > maxPerDocument) continue;
            out.add(h);
        }
        return out;
    }
}
