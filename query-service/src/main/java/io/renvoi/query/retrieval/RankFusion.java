package io.renvoi.query.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reciprocal rank fusion: score = sum over lists of weight / (rankConstant + rank), rank from 1. */
public final class RankFusion {
    private final int rankConstant;
    private final double vectorWeight;
    private final double bm25Weight;

    public RankFusion(int rankConstant, double vectorWeight, double bm25Weight) {
        this.rankConstant = rankConstant;
        this.vectorWeight = vectorWeight;
        this.bm25Weight = bm25Weight;
    }

    public List<Hit> fuse(List<Hit> vector, List<Hit> bm25, int k) {
        Map<String, Hit> byId = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> similarity = new LinkedHashMap<>();
        add(vector, vectorWeight, byId, scores);
        add(bm25, bm25Weight, byId, scores);
        for (Hit h : vector) {
            similarity.put(h.chunkId(), h.similarity());
        }
        List<Hit> fused = new ArrayList<>();
        for (var e : byId.entrySet()) {
            fused.add(e.getValue().withScore(scores.get(e.getKey()), similarity.getOrDefault(e.getKey(), Double.NaN)));
        }
        fused.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::chunkId));
        return fused.subList(0, Math.min(k, fused.size()));
    }

    private void add(List<Hit> ranked, double weight, Map<String, Hit> byId, Map<String, Double> scores) {
        for (int i = 0; i < ranked.size(); i++) {
            Hit h = ranked.get(i);
            byId.putIfAbsent(h.chunkId(), h);
            scores.merge(h.chunkId(), weight / (rankConstant + i + 1), Double::sum);
        }
    }
}
