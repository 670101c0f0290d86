package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.RestClient;

/**
 * Issue 16: query-service's retrieval depths and title boost ({@code renvoi.query.retrieval.candidates},
 * {@code knn-candidates}, {@code title-boost}) with the linear fusion weights, measured without the services. For
 * each training query, one {@code _msearch} fetches the lists at the largest depth (kNN at k 50 and at k 100,
 * BM25 100 hits per title boost) plus the shipped cell's lists as query-service asks for them (kNN k 50 and BM25
 * boost 0.5, 30 hits each), which check that truncating a deeper list gives the same hits. A cell takes the first
 * {@code candidates} hits of the kNN list searched at {@code max(candidates, knn-candidates)} and of the BM25
 * list, and fuses them by document with {@link LinearFusion} (normalised over the truncated list, as {@code
 * RankFusion} normalises the list it gets). Cells are picked on one half of the queries ({@link
 * SciFactJudgments#split}) and reported on the other, both ways round, with the paired difference against the
 * shipped cell. Reads the SciFact files and OpenSearch; prints the table and writes it as JSON to {@code --json}.
 */
public final class RetrievalDepthGrid {
    private static final String COLLECTION = "scifact";
    private static final int[] CANDIDATES = {30, 50, 100};
    private static final int[] KNN = {50, 100};
    private static final double[] TITLE_BOOSTS = {0, 0.5, 1.0};
    private static final int DEFAULT_CELL_CANDIDATES = 30;
    private static final boolean[] FLOORS = {false, true};

    /** One setting of the grid. */
    record Cell(int candidates, int knnCandidates, int boost, double vectorWeight) {
        String label() {
            return String.format(
                    "%d / %d / %.1f / %.2f-%.2f",
                    candidates, knnCandidates, TITLE_BOOSTS[boost], vectorWeight, 1 - vectorWeight);
        }

        /** The cell query-service shipped when this grid was run (knn-candidates 50; 100 since, bench/README.md). */
        boolean isDefault() {
            return candidates == 30 && knnCandidates == 50 && boost == 1 && Math.abs(vectorWeight - 0.7) < 1e-9;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        SciFactJudgments.Training training = SciFactJudgments.Training.read(opts);
        Map<String, Set<String>> qrels = training.qrels();
        Map<String, String> queries = training.queries();
        List<String> qids = new ArrayList<>(queries.keySet());
        String index = opts.get("index");
        EmbeddingModel model = EmbeddingModel.named(opts.getOrDefault("model", EmbeddingModel.DEFAULT.configName()));
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("index", index).put("model", model.configName()).put("queries", qids.size());
        out.put("loadAverageAtStart", BenchOut.loadAverage());

        // per query: [0] kNN k 50 (50 hits), [1] kNN k 100 (100), [2..4] BM25 per title boost (100 hits each),
        // [5] kNN k 50 (30 hits), [6] BM25 boost 0.5 (30 hits): the shipped cell as query-service asks
        List<List<List<LinearFusion.Scored>>> lists = new ArrayList<>();
        try (RestClient os = ChunkQueries.client(opts.get("opensearch"));
                OnnxEmbedder embedder = new OnnxEmbedder(model)) {
            VectorFormat format = VectorFormat.read(os, index);
            ObjectNode filter = ChunkQueries.collectionFilter(COLLECTION);
            for (String q : qids) {
                String question = queries.get(q);
                float[] vector = format.encode(embedder.embedQuery(question));
                List<ChunkQueries.Search> searches = new ArrayList<>();
                for (int k : KNN) searches.add(new ChunkQueries.Search(index, ChunkQueries.knn(vector, k, filter), k));
                for (double b : TITLE_BOOSTS) {
                    searches.add(new ChunkQueries.Search(index, ChunkQueries.bm25(question, filter, b), 100));
                }
                searches.add(new ChunkQueries.Search(index, ChunkQueries.knn(vector, 50, filter), 30));
                searches.add(new ChunkQueries.Search(index, ChunkQueries.bm25(question, filter, 0.5), 30));
                lists.add(ChunkQueries.msearch(os, searches));
            }
        }
        BenchOut.log("%d queries searched", lists.size());
        out.set("truncationCheck", truncationCheck(lists, qrels, qids));

        List<Cell> cells = cells();
        double[][] ndcg = new double[cells.size()][qids.size()];
        double[][] recall = new double[cells.size()][qids.size()];
        int shipped = -1;
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).isDefault()) shipped = c;
            for (int q = 0; q < qids.size(); q++) {
                List<String> ranked = fuse(lists.get(q), cells.get(c));
                ndcg[c][q] = SciFactJudgments.ndcgAt10(ranked, qrels.get(qids.get(q)));
                recall[c][q] = SciFactJudgments.recallAt10(ranked, qrels.get(qids.get(q)));
            }
        }
        Map<String, int[]> halves = Map.of(
                "all", PerQueryFigures.positions(qids, queries, "all"),
                "tune", PerQueryFigures.positions(qids, queries, "tune"),
                "held-out", PerQueryFigures.positions(qids, queries, "held-out"));
        ObjectNode table = out.putObject("cells");
        System.out.printf("%-30s %-16s %-16s %-16s%n", "cand / knn / title / weights", "all", "tune", "held-out");
        for (int c = 0; c < cells.size(); c++) {
            ObjectNode row = table.putObject(cells.get(c).label());
            StringBuilder line =
                    new StringBuilder(String.format("%-30s", cells.get(c).label()));
            for (String split : List.of("all", "tune", "held-out")) {
                double n = PerQueryFigures.mean(ndcg[c], halves.get(split));
                double r = PerQueryFigures.mean(recall[c], halves.get(split));
                row.putObject(split).put("ndcg@10", BenchOut.round(n, 4)).put("recall@10", BenchOut.round(r, 4));
                line.append(String.format(" %.4f / %.3f ", n, r));
            }
            System.out.println(line);
        }
        ArrayNode picks = out.putArray("picked");
        for (String[] p :
                new String[][] {{"tune", "held-out"}, {"held-out", "tune"}, {"all", "all"}, {"held-out", "held-out"}}) {
            int best = best(ndcg, halves.get(p[0]));
            int[] on = halves.get(p[1]);
            double[] delta = PerQueryFigures.pairedDelta(ndcg[best], ndcg[shipped], on);
            double[] recallDelta = PerQueryFigures.pairedDelta(recall[best], recall[shipped], on);
            picks.addObject()
                    .put("pickedOn", p[0])
                    .put("fitted", p[0].equals(p[1]))
                    .put("cell", cells.get(best).label())
                    .put("pickedNdcg@10", BenchOut.round(PerQueryFigures.mean(ndcg[best], halves.get(p[0])), 4))
                    .put("reportedOn", p[1])
                    .put("ndcg@10", BenchOut.round(PerQueryFigures.mean(ndcg[best], on), 4))
                    .put("recall@10", BenchOut.round(PerQueryFigures.mean(recall[best], on), 4))
                    .put("shippedNdcg@10", BenchOut.round(PerQueryFigures.mean(ndcg[shipped], on), 4))
                    .put("shippedRecall@10", BenchOut.round(PerQueryFigures.mean(recall[shipped], on), 4))
                    .put("ndcgDelta", BenchOut.round(delta[0], 4))
                    .put("ndcgDeltaStandardError", BenchOut.round(delta[1], 4))
                    .put("recallDelta", BenchOut.round(recallDelta[0], 4))
                    .put("recallDeltaStandardError", BenchOut.round(recallDelta[1], 4));
            System.out.printf(
                    "picked on %-8s %s (%.4f) -> %-8s nDCG@10 %.4f recall@10 %.4f; shipped %.4f / %.4f;"
                            + " paired %+.4f (s.e. %.4f), recall %+.4f (s.e. %.4f)%s%n",
                    p[0],
                    cells.get(best).label(),
                    PerQueryFigures.mean(ndcg[best], halves.get(p[0])),
                    p[1],
                    PerQueryFigures.mean(ndcg[best], on),
                    PerQueryFigures.mean(recall[best], on),
                    PerQueryFigures.mean(ndcg[shipped], on),
                    PerQueryFigures.mean(recall[shipped], on),
                    delta[0],
                    delta[1],
                    recallDelta[0],
                    recallDelta[1],
                    p[0].equals(p[1]) ? "  [FITTED: best in hindsight]" : "");
        }
        out.set("oneChange", oneChange(cells, ndcg, recall, shipped, halves));
        out.put("loadAverageAtEnd", BenchOut.loadAverage());
        if (opts.containsKey("json")) {
            Files.writeString(
                    Path.of(opts.get("json")),
                    JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        }
    }

    /**
     * The shipped cell from truncated deeper lists against the lists fetched as query-service fetches them: how
     * many queries' lists differ, and both cells' nDCG@10 over all queries.
     */
    private static ObjectNode truncationCheck(
            List<List<List<LinearFusion.Scored>>> lists, Map<String, Set<String>> qrels, List<String> qids) {
        int knnDiffer = 0;
        int bm25Differ = 0;
        int deeperSearchDiffers = 0; // the first 30 kNN hits at k 100 are not those at k 50 (HNSW approximation)
        double truncated = 0;
        double direct = 0;
        double[] weights = {0.7, 0.3};
        for (int q = 0; q < qids.size(); q++) {
            List<List<LinearFusion.Scored>> l = lists.get(q);
            List<LinearFusion.Scored> knn = first(l.get(0), DEFAULT_CELL_CANDIDATES);
            List<LinearFusion.Scored> bm25 = first(l.get(3), DEFAULT_CELL_CANDIDATES);
            if (!ids(knn).equals(ids(l.get(5)))) knnDiffer++;
            if (!ids(bm25).equals(ids(l.get(6)))) bm25Differ++;
            if (!ids(knn).equals(ids(first(l.get(1), DEFAULT_CELL_CANDIDATES)))) deeperSearchDiffers++;
            Set<String> rel = qrels.get(qids.get(q));
            truncated += SciFactJudgments.ndcgAt10(LinearFusion.byDocument(List.of(knn, bm25), weights, FLOORS), rel);
            direct += SciFactJudgments.ndcgAt10(
                    LinearFusion.byDocument(List.of(l.get(5), l.get(6)), weights, FLOORS), rel);
        }
        BenchOut.log(
                "truncation check: kNN lists differ for %d queries, BM25 for %d; shipped cell %.4f truncated, %.4f"
                        + " fetched at depth 30; first 30 kNN hits differ between k 50 and k 100 for %d queries",
                knnDiffer, bm25Differ, truncated / qids.size(), direct / qids.size(), deeperSearchDiffers);
        ObjectNode check = JsonMapper.shared().createObjectNode();
        check.put("knnListsDiffering", knnDiffer).put("bm25ListsDiffering", bm25Differ);
        check.put("knnFirst30DifferAtK100", deeperSearchDiffers);
        check.put("shippedNdcgTruncated", BenchOut.round(truncated / qids.size(), 4));
        check.put("shippedNdcgFetchedAtDepth30", BenchOut.round(direct / qids.size(), 4));
        return check;
    }

    /**
     * The shipped cell with one setting changed (depths, or title boost; the weights kept at 0.7 / 0.3), against the
     * shipped cell on the same queries: these contrasts are the grid's axes, not picked by their figures.
     */
    private static ObjectNode oneChange(
            List<Cell> cells, double[][] ndcg, double[][] recall, int shipped, Map<String, int[]> halves) {
        ObjectNode out = JsonMapper.shared().createObjectNode();
        Cell s = cells.get(shipped);
        for (int c = 0; c < cells.size(); c++) {
            Cell x = cells.get(c);
            boolean depths = x.boost() == s.boost()
                    && (x.candidates() != s.candidates() || x.knnCandidates() != s.knnCandidates());
            boolean boost = x.boost() != s.boost()
                    && x.candidates() == s.candidates()
                    && x.knnCandidates() == s.knnCandidates();
            if (x.vectorWeight() != s.vectorWeight() || !(depths || boost)) continue;
            ObjectNode row = out.putObject(x.label());
            StringBuilder line = new StringBuilder(String.format("one change: %-28s", x.label()));
            for (String split : List.of("tune", "held-out", "all")) {
                double[] d = PerQueryFigures.pairedDelta(ndcg[c], ndcg[shipped], halves.get(split));
                double[] r = PerQueryFigures.pairedDelta(recall[c], recall[shipped], halves.get(split));
                row.putObject(split)
                        .put("ndcgDelta", BenchOut.round(d[0], 4))
                        .put("ndcgDeltaStandardError", BenchOut.round(d[1], 4))
                        .put("recallDelta", BenchOut.round(r[0], 4))
                        .put("recallDeltaStandardError", BenchOut.round(r[1], 4));
                line.append(String.format(" %s %+.4f (s.e. %.4f) R %+.4f;", split, d[0], d[1], r[0]));
            }
            System.out.println(line);
        }
        return out;
    }

    /** Depth pairs (kNN depth at 100 candidates is 100 whatever knn-candidates says) × title boosts × weights. */
    private static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (int c : CANDIDATES) {
            for (int k : KNN) {
                if (k < c) continue;
                for (int b = 0; b < TITLE_BOOSTS.length; b++) {
                    for (int v = 55; v <= 80; v += 5) cells.add(new Cell(c, k, b, v / 100.0));
                }
            }
        }
        return cells;
    }

    private static List<String> fuse(List<List<LinearFusion.Scored>> l, Cell cell) {
        // query-service: kNN searched at k = max(candidates, knn-candidates), both lists cut to candidates hits
        List<LinearFusion.Scored> knnList =
                Math.max(cell.candidates(), cell.knnCandidates()) <= 50 ? l.get(0) : l.get(1);
        List<LinearFusion.Scored> knn = first(knnList, cell.candidates());
        List<LinearFusion.Scored> bm25 = first(l.get(2 + cell.boost()), cell.candidates());
        return LinearFusion.byDocument(
                List.of(knn, bm25), new double[] {cell.vectorWeight(), 1 - cell.vectorWeight()}, FLOORS);
    }

    private static List<LinearFusion.Scored> first(List<LinearFusion.Scored> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }

    private static List<String> ids(List<LinearFusion.Scored> list) {
        return list.stream().map(LinearFusion.Scored::docId).toList();
    }

    private static int best(double[][] ndcg, int[] at) {
        int best = 0;
        for (int c = 1; c < ndcg.length; c++)
            if (PerQueryFigures.mean(ndcg[c], at) > PerQueryFigures.mean(ndcg[best], at)) best = c;
        return best;
    }

    private RetrievalDepthGrid() {}
}
