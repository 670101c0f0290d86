package io.renvoi.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * query-service's linear fusion by document ({@code RankFusion.fuseByDocument} with {@code Fusion.Method.LINEAR}),
 * generalised to any number of lists for measuring a third one in the bench: each list's scores are min-max
 * normalised over the whole (chunk-level) list, with 0 as the floor for BM25 lists; each list counts a document
 * once, by its first (best) hit; a document's score is Σ weight × normalised score; lists of weight 0 are left
 * out. Ties are broken by document id (query-service: by chunk id). Reads and writes nothing.
 */
final class LinearFusion {
    /** One hit of a candidate list: the SciFact document it belongs to and its OpenSearch score. */
    record Scored(String docId, double score) {}

    /** The documents of the lists, best fused score first. */
    static List<String> byDocument(List<List<Scored>> lists, double[] weights, boolean[] floorAtZero) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            if (weights[i] == 0) continue;
            List<Scored> list = lists.get(i);
            double max = list.stream().mapToDouble(Scored::score).max().orElse(0);
            double min = floorAtZero[i]
                    ? 0
                    : list.stream().mapToDouble(Scored::score).min().orElse(0);
            Set<String> seen = new HashSet<>();
            for (Scored h : list) {
                if (!seen.add(h.docId())) continue;
                double contribution = weights[i] * (max > min ? (h.score() - min) / (max - min) : 1.0);
                scores.merge(h.docId(), contribution, Double::sum);
            }
        }
        List<String> ranked = new ArrayList<>(scores.keySet());
        ranked.sort(Comparator.comparing((String d) -> scores.get(d)).reversed().thenComparing(d -> d));
        return ranked;
    }

    private LinearFusion() {}
}
