package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.RestClient;

/**
 * How far HNSW's approximation moves query-service's kNN list, without relevance judgements choosing anything:
 * for each training query the first 30 kNN hits (query-service's {@code candidates}) searched at several {@code k}
 * (Lucene keeps {@code k} candidates while walking the graph, so {@code k} acts as ef_search; query-service asks
 * {@code k = max(candidates, knn-candidates)}) against the same 30 searched at k 10,000, which walks nearly the whole
 * graph of a SciFact index (12,316 chunks) and serves as the exact list. Reports per k the share of the exact list's
 * documents found, and vector-only and hybrid (shipped fusion: 0.7 / 0.3 over 30 + 30 hits, BM25 title boost 0.5)
 * nDCG@10 on all queries and on each half, with the paired difference against k 50 (knn-candidates before it became 100).
 * Reads the SciFact files and OpenSearch; prints a table and writes JSON to {@code --json}.
 */
public final class KnnExactness {
    private static final int[] K = {30, 50, 100, 200, 10_000};
    private static final int K50 = 1;
    private static final int CANDIDATES = 30;
    private static final boolean[] FLOORS = {false, true};

    private KnnExactness() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        EmbeddingModel model = EmbeddingModel.named(opts.getOrDefault("model", EmbeddingModel.DEFAULT.configName()));
        String index = opts.get("index");
        SciFactJudgments.Training training = SciFactJudgments.Training.read(opts);
        Map<String, String> queries = training.queries();
        List<String> qids = List.copyOf(queries.keySet());
        double[][] overlap = new double[K.length][qids.size()];
        double[][] vector = new double[K.length][qids.size()];
        double[][] hybrid = new double[K.length][qids.size()];
        try (RestClient os = ChunkQueries.client(opts.get("opensearch"));
                OnnxEmbedder embedder = new OnnxEmbedder(model)) {
            VectorFormat format = VectorFormat.read(os, index);
            ObjectNode filter = ChunkQueries.collectionFilter("scifact");
            for (int q = 0; q < qids.size(); q++) {
                String question = queries.get(qids.get(q));
                float[] v = format.encode(embedder.embedQuery(question));
                List<ChunkQueries.Search> searches = new ArrayList<>();
                for (int k : K)
                    searches.add(new ChunkQueries.Search(index, ChunkQueries.knn(v, k, filter), CANDIDATES));
                searches.add(new ChunkQueries.Search(index, ChunkQueries.bm25(question, filter, 0.5), CANDIDATES));
                List<List<LinearFusion.Scored>> lists = ChunkQueries.msearch(os, searches);
                Set<String> rel = training.qrels().get(qids.get(q));
                Set<String> exact = docs(lists.get(K.length - 1));
                for (int i = 0; i < K.length; i++) {
                    Set<String> found = docs(lists.get(i));
                    found.retainAll(exact);
                    overlap[i][q] = (double) found.size() / exact.size();
                    vector[i][q] = SciFactJudgments.ndcgAt10(
                            LinearFusion.byDocument(List.of(lists.get(i)), new double[] {1}, new boolean[] {false}),
                            rel);
                    hybrid[i][q] = SciFactJudgments.ndcgAt10(
                            LinearFusion.byDocument(
                                    List.of(lists.get(i), lists.get(K.length)), new double[] {0.7, 0.3}, FLOORS),
                            rel);
                }
            }
        }
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("index", index).put("model", model.configName()).put("queries", qids.size());
        out.put("loadAverage", BenchOut.loadAverage());
        System.out.printf(
                "%-8s %-9s %-24s %-24s %-24s%n",
                "k", "overlap", "vector all/tune/held", "hybrid all", "hybrid tune / held-out (paired vs k 50)");
        for (int i = 0; i < K.length; i++) {
            ObjectNode row = out.putObject("k" + K[i]);
            row.put(
                    "exactOverlap",
                    BenchOut.round(
                            PerQueryFigures.mean(overlap[i], PerQueryFigures.positions(qids, queries, "all")), 4));
            StringBuilder line = new StringBuilder(
                    String.format("%-8d %.4f   ", K[i], row.get("exactOverlap").asDouble()));
            for (String split : List.of("all", "tune", "held-out")) {
                int[] at = PerQueryFigures.positions(qids, queries, split);
                double[] d = PerQueryFigures.pairedDelta(hybrid[i], hybrid[K50], at);
                row.putObject(split)
                        .put("vectorNdcg@10", BenchOut.round(PerQueryFigures.mean(vector[i], at), 4))
                        .put("hybridNdcg@10", BenchOut.round(PerQueryFigures.mean(hybrid[i], at), 4))
                        .put("hybridDeltaVsK50", BenchOut.round(d[0], 4))
                        .put("hybridDeltaStandardError", BenchOut.round(d[1], 4));
                line.append(String.format(
                        " %s v %.4f h %.4f (%+.4f s.e. %.4f);",
                        split, PerQueryFigures.mean(vector[i], at), PerQueryFigures.mean(hybrid[i], at), d[0], d[1]));
            }
            System.out.println(line);
        }
        if (opts.containsKey("json")) {
            Files.writeString(
                    Path.of(opts.get("json")),
                    JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        }
    }

    private static Set<String> docs(List<LinearFusion.Scored> hits) {
        Set<String> ids = new HashSet<>();
        hits.forEach(h -> ids.add(h.docId()));
        return ids;
    }
}
