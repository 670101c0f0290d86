package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.opensearch.client.RestClient;

/**
 * Issue 16: document-level BM25 as a third fusion list, measured without the services. Builds (once) a
 * per-document index next to a chunk index variant: each SciFact page's whole text and its title, analysed as
 * rag-chunks' text ({@code chunk_text}), the text indexed and not stored. Then, for each training query, the
 * three candidate lists query-service would fetch in one {@code _msearch} (30 hits each, collection filter): kNN
 * on the chunk index (k 50, the question embedded in process with {@code --model}), chunk BM25 (text + title at
 * boost 0.5, as {@code ChunkSearcher}) and the same BM25 query on the document index. {@link LinearFusion}
 * fuses them by document as query-service's linear fusion does, over a grid of weights; the weights are picked
 * on one half of the queries and reported on the other ({@link SciFactJudgments#split}). Reads the
 * SciFact files and OpenSearch; prints the table and writes it as JSON to {@code --json}.
 */
public final class DocumentBm25Fusion {
    private static final int CANDIDATES = 30;
    private static final int KNN_K = 50;
    private static final double TITLE_BOOST = 0.5;
    private static final String COLLECTION = "scifact";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        SciFactJudgments.Training training = SciFactJudgments.Training.read(opts);
        List<SciFactCorpus.Doc> docs = training.docs();
        Map<String, Set<String>> qrels = training.qrels();
        Map<String, String> queries = training.queries();
        String chunkIndex = opts.get("index");
        String docIndex = opts.getOrDefault("doc-index", "variant-docs-english");
        EmbeddingModel model = EmbeddingModel.named(opts.getOrDefault("model", EmbeddingModel.DEFAULT.configName()));

        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("chunkIndex", chunkIndex).put("docIndex", docIndex).put("model", model.configName());
        out.put("queries", queries.size()).put("loadAverageAtStart", BenchOut.loadAverage());
        Map<String, List<List<LinearFusion.Scored>>> lists = new LinkedHashMap<>();
        try (RestClient os = ChunkQueries.client(opts.get("opensearch"));
                OnnxEmbedder embedder = new OnnxEmbedder(model)) {
            out.put("docIndexBytes", DocumentIndex.ensure(os, docIndex, docs, COLLECTION));
            VectorFormat format = VectorFormat.read(os, chunkIndex);
            for (var q : queries.entrySet()) {
                float[] vector = format.encode(embedder.embedQuery(q.getValue()));
                lists.put(q.getKey(), search(os, chunkIndex, docIndex, q.getValue(), vector));
            }
        }
        BenchOut.log("%d queries searched", lists.size());
        List<double[]> grid = grid();
        ObjectNode results = out.putObject("fusion");
        Map<String, double[][]> bySplit = new LinkedHashMap<>(); // split -> grid index -> {ndcg, recall}
        for (String split : List.of("all", "tune", "held-out")) {
            Set<String> half = SciFactJudgments.split(queries, split).keySet();
            double[][] figures = new double[grid.size()][];
            for (int g = 0; g < grid.size(); g++) {
                figures[g] = evaluate(lists, qrels, half, grid.get(g));
            }
            bySplit.put(split, figures);
        }
        System.out.printf("%-34s %-15s %-15s %-15s%n", "weights (vector/chunk/doc)", "all", "tune", "held-out");
        for (int g = 0; g < grid.size(); g++) {
            String name = label(grid.get(g));
            ObjectNode row = results.putObject(name);
            StringBuilder line = new StringBuilder(String.format("%-34s", name));
            for (var e : bySplit.entrySet()) {
                double[] f = e.getValue()[g];
                row.putObject(e.getKey())
                        .put("ndcg@10", BenchOut.round(f[0], 4))
                        .put("recall@10", BenchOut.round(f[1], 4));
                line.append(String.format(" %.4f / %.3f ", f[0], f[1]));
            }
            System.out.println(line);
        }
        ArrayNode picks = out.putArray("picked");
        for (String[] p : new String[][] {{"tune", "held-out"}, {"held-out", "tune"}}) {
            for (String family : List.of("vector+chunk", "vector+doc", "vector+chunk+doc")) {
                int best = best(grid, bySplit.get(p[0]), family);
                double[] reported = bySplit.get(p[1])[best];
                // paired over the reported half's queries, against the two-list fusion picked the same way
                Set<String> half = SciFactJudgments.split(queries, p[1]).keySet();
                double[] delta = pairedDelta(
                        lists, qrels, half, grid.get(best), grid.get(best(grid, bySplit.get(p[0]), "vector+chunk")));
                picks.addObject()
                        .put("family", family)
                        .put("pickedOn", p[0])
                        .put("weights", label(grid.get(best)))
                        .put("pickedNdcg@10", BenchOut.round(bySplit.get(p[0])[best][0], 4))
                        .put("reportedOn", p[1])
                        .put("ndcg@10", BenchOut.round(reported[0], 4))
                        .put("recall@10", BenchOut.round(reported[1], 4))
                        .put("ndcgDeltaVsVectorChunk", BenchOut.round(delta[0], 4))
                        .put("ndcgDeltaStandardError", BenchOut.round(delta[1], 4));
                System.out.printf(
                        "%-17s picked on %-8s %s (%.4f) -> %-8s nDCG@10 %.4f recall@10 %.4f"
                                + " (vs vector+chunk %+.4f, paired s.e. %.4f)%n",
                        family,
                        p[0],
                        label(grid.get(best)),
                        bySplit.get(p[0])[best][0],
                        p[1],
                        reported[0],
                        reported[1],
                        delta[0],
                        delta[1]);
            }
        }
        // the same vector weight, the lexical weight on document BM25 instead of chunk BM25, all queries
        ObjectNode swap = out.putObject("docInsteadOfChunk");
        for (double[] w : grid) {
            if (w[0] == 1 || w[1] > 0 || w[2] == 0) continue;
            double[] delta = pairedDelta(lists, qrels, queries.keySet(), w, new double[] {w[0], w[2], 0});
            swap.putObject(String.format("%.2f", w[0]))
                    .put("ndcgDelta", BenchOut.round(delta[0], 4))
                    .put("standardError", BenchOut.round(delta[1], 4));
            System.out.printf(
                    "vector %.2f, doc instead of chunk BM25, all: %+.4f (paired s.e. %.4f)%n",
                    w[0], delta[0], delta[1]);
        }
        out.put("loadAverageAtEnd", BenchOut.loadAverage());
        if (opts.containsKey("json")) {
            Files.writeString(
                    Path.of(opts.get("json")),
                    JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        }
    }

    /**
     * The lists alone ({1,0,0}, {0,1,0}, {0,0,1}), then vector weight 0.40 to 0.85 in steps of 0.05 with the rest
     * shared between chunk and document BM25 in fifths of a quarter (doc share 0, ¼, ½, ¾, 1).
     */
    private static List<double[]> grid() {
        List<double[]> grid =
                new ArrayList<>(List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1}));
        for (int v = 40; v <= 85; v += 5) {
            double lexical = 1 - v / 100.0;
            for (int d = 0; d <= 4; d++) {
                grid.add(new double[] {v / 100.0, lexical * (4 - d) / 4, lexical * d / 4});
            }
        }
        return grid;
    }

    private static int best(List<double[]> grid, double[][] figures, String family) {
        int best = -1;
        for (int g = 3; g < grid.size(); g++) {
            double[] w = grid.get(g);
            boolean fits = switch (family) {
                case "vector+chunk" -> w[2] == 0;
                case "vector+doc" -> w[1] == 0;
                default -> true;
            };
            if (fits && (best < 0 || figures[g][0] > figures[best][0])) best = g;
        }
        return best;
    }

    private static String label(double[] w) {
        if (w[0] == 1) return "vector alone";
        if (w[1] == 1) return "bm25-chunk alone";
        if (w[2] == 1) return "bm25-doc alone";
        return String.format("%.2f / %.4f / %.4f", w[0], w[1], w[2]);
    }

    /** Mean and standard error of the per-query nDCG@10 difference {@code a - b} over {@code half}. */
    private static double[] pairedDelta(
            Map<String, List<List<LinearFusion.Scored>>> lists,
            Map<String, Set<String>> qrels,
            Set<String> half,
            double[] a,
            double[] b) {
        boolean[] floors = {false, true, true};
        List<String> qs = List.copyOf(half);
        double[] ndcgA = new double[qs.size()];
        double[] ndcgB = new double[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            String q = qs.get(i);
            ndcgA[i] = SciFactJudgments.ndcgAt10(LinearFusion.byDocument(lists.get(q), a, floors), qrels.get(q));
            ndcgB[i] = SciFactJudgments.ndcgAt10(LinearFusion.byDocument(lists.get(q), b, floors), qrels.get(q));
        }
        return PerQueryFigures.pairedDelta(
                ndcgA, ndcgB, IntStream.range(0, qs.size()).toArray());
    }

    private static double[] evaluate(
            Map<String, List<List<LinearFusion.Scored>>> lists,
            Map<String, Set<String>> qrels,
            Set<String> half,
            double[] weights) {
        double ndcg = 0;
        double recall = 0;
        for (String q : half) {
            List<String> ranked = LinearFusion.byDocument(lists.get(q), weights, new boolean[] {false, true, true});
            ndcg += SciFactJudgments.ndcgAt10(ranked, qrels.get(q));
            recall += SciFactJudgments.recallAt10(ranked, qrels.get(q));
        }
        return new double[] {ndcg / half.size(), recall / half.size()};
    }

    /** The kNN, chunk BM25 and document BM25 lists of one question, in one {@code _msearch}. */
    private static List<List<LinearFusion.Scored>> search(
            RestClient os, String chunkIndex, String docIndex, String question, float[] vector) throws IOException {
        ObjectNode filter = ChunkQueries.collectionFilter(COLLECTION);
        return ChunkQueries.msearch(
                os,
                List.of(
                        new ChunkQueries.Search(chunkIndex, ChunkQueries.knn(vector, KNN_K, filter), CANDIDATES),
                        new ChunkQueries.Search(
                                chunkIndex, ChunkQueries.bm25(question, filter, TITLE_BOOST), CANDIDATES),
                        new ChunkQueries.Search(
                                docIndex, ChunkQueries.bm25(question, filter, TITLE_BOOST), CANDIDATES)));
    }

    private DocumentBm25Fusion() {}
}
