package io.renvoi.query.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Fusion of the vector and BM25 lists: reciprocal rank fusion, score = Σ weight / (rankConstant + rank), rank
 * from 1, or a linear combination of normalised scores: the vector list's min-max normalised, BM25's divided by
 * the list's best (its natural floor is 0). By chunk, each chunk is scored on its own ranks. By document (used when a search keeps one chunk per
 * document), each list is first reduced to the documents in order of their best chunk, so a document found
 * by one chunk in the vector list and by another in the BM25 list gets both contributions; it is
 * represented by the chunk that contributed most. A hit keeps its cosine similarity when the vector list
 * found it (by document: the best of its chunks).
 */
public final class RankFusion {
    private RankFusion() {}

    /** Every chunk of either list, best fused score first (ties by chunk id, so the order is stable). */
    public static List<Hit> fuse(List<Hit> vector, List<Hit> bm25, Fusion fusion) {
        return fuse(vector, bm25, fusion, Hit::chunkId);
    }

    /** One hit per document of either list, best fused score first. */
    public static List<Hit> fuseByDocument(List<Hit> vector, List<Hit> bm25, Fusion fusion) {
        return fuse(vector, bm25, fusion, Hit::docId);
    }

    private static List<Hit> fuse(List<Hit> vector, List<Hit> bm25, Fusion fusion, Function<Hit, String> key) {
        Map<String, Hit> best = new LinkedHashMap<>();
        Map<String, Double> bestContribution = new HashMap<>();
        Map<String, Double> scores = new HashMap<>();
        Map<String, Double> similarity = new HashMap<>();
        add(vector, fusion.vectorWeight(), false, fusion, key, best, bestContribution, scores);
        add(bm25, fusion.bm25Weight(), true, fusion, key, best, bestContribution, scores);
        for (Hit h : vector) {
            similarity.merge(key.apply(h), h.similarity(), Math::max);
        }
        List<Hit> fused = new ArrayList<>();
        for (var e : best.entrySet()) {
            fused.add(e.getValue().withScore(scores.get(e.getKey()), similarity.getOrDefault(e.getKey(), Double.NaN)));
        }
        fused.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::chunkId));
        return fused;
    }

    private static void add(
            List<Hit> ranked,
            double weight,
            boolean floorAtZero,
            Fusion fusion,
            Function<Hit, String> key,
            Map<String, Hit> best,
            Map<String, Double> bestContribution,
            Map<String, Double> scores) {
        Set<String> seen = new HashSet<>();
        int rank = 0;
        double max = ranked.stream().mapToDouble(Hit::score).max().orElse(0);
        // The floor of the normalisation: BM25 scores start at 0 (a chunk matching little keeps a share of
        // the best one's score); a vector list has no natural floor below its worst candidate.
        double min =
                floorAtZero ? 0 : ranked.stream().mapToDouble(Hit::score).min().orElse(0);
        for (Hit h : ranked) {
            String id = key.apply(h);
            if (!seen.add(id)) continue; // by document: only a document's best chunk in this list counts
            ++rank;
            double contribution = fusion.method() == Fusion.Method.RRF
                    ? weight / (fusion.rankConstant() + rank)
                    : weight * (max > min ? (h.score() - min) / (max - min) : 1.0);
            scores.merge(id, contribution, Double::sum);
            if (contribution > bestContribution.getOrDefault(id, -1.0)) {
                bestContribution.put(id, contribution);
                best.put(id, h);
            }
        }
    }
}
