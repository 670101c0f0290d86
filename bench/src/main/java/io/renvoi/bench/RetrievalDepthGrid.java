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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.HttpHost;
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

        boolean isDefault() {
            return candidates == 30 && knnCandidates == 50 && boost == 1 && Math.abs(vectorWeight - 0.7) < 1e-9;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        Path corpus = Path.of(opts.get("corpus"));
        List<SciFactCorpus.Doc> docs =
                SciFactCorpus.read(corpus, Integer.parseInt(opts.getOrDefault("limit", "" + Integer.MAX_VALUE)));
        Set<String> ids = new HashSet<>();
        docs.forEach(d -> ids.add(d.id()));
        Map<String, Set<String>> qrels = SciFactJudgments.qrels(corpus.getParent(), ids);
        Map<String, String> queries = SciFactJudgments.queries(corpus.getParent(), qrels.keySet());
        List<String> qids = new ArrayList<>(queries.keySet());
        String index = opts.get("index");
        EmbeddingModel model = EmbeddingModel.named(opts.getOrDefault("model", EmbeddingModel.DEFAULT.configName()));
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("index", index).put("model", model.configName()).put("queries", qids.size());
        out.put("loadAverageAtStart", BenchOut.loadAverage());

        // per query: [0] kNN k 50 (50 hits), [1] kNN k 100 (100), [2..4] BM25 per title boost (100 hits each),
        // [5] kNN k 50 (30 hits), [6] BM25 boost 0.5 (30 hits): the shipped cell as query-service asks
        List<List<List<LinearFusion.Scored>>> lists = new ArrayList<>();
        try (RestClient os = RestClient.builder(HttpHost.create(opts.get("opensearch")))
                        .setRequestConfigCallback(c -> c.setSocketTimeout(30 * 60_000))
                        .build();
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
                "all", indices(qids, queries, "all"),
                "tune", indices(qids, queries, "tune"),
                "held-out", indices(qids, queries, "held-out"));
        ObjectNode table = out.putObject("cells");
        System.out.printf("%-30s %-16s %-16s %-16s%n", "cand / knn / title / weights", "all", "tune", "held-out");
        for (int c = 0; c < cells.size(); c++) {
            ObjectNode row = table.putObject(cells.get(c).label());
            StringBuilder line =
                    new StringBuilder(String.format("%-30s", cells.get(c).label()));
            for (String split : List.of("all", "tune", "held-out")) {
                double n = mean(ndcg[c], halves.get(split));
                double r = mean(recall[c], halves.get(split));
                row.putObject(split).put("ndcg@10", BenchOut.round(n, 4)).put("recall@10", BenchOut.round(r, 4));
                line.append(String.format(" %.4f / %.3f ", n, r));
            }
            System.out.println(line);
        }
        ArrayNode picks = out.putArray("picked");
        for (String[] p : new String[][] {{"tune", "held-out"}, {"held-out", "tune"}, {"all", "all"}}) {
            int best = best(ndcg, halves.get(p[0]));
            int[] on = halves.get(p[1]);
            double[] delta = pairedDelta(ndcg[best], ndcg[shipped], on);
            double[] recallDelta = pairedDelta(recall[best], recall[shipped], on);
            picks.addObject()
                    .put("pickedOn", p[0])
                    .put("fitted", p[0].equals(p[1]))
                    .put("cell", cells.get(best).label())
                    .put("pickedNdcg@10", BenchOut.round(mean(ndcg[best], halves.get(p[0])), 4))
                    .put("reportedOn", p[1])
                    .put("ndcg@10", BenchOut.round(mean(ndcg[best], on), 4))
                    .put("recall@10", BenchOut.round(mean(recall[best], on), 4))
                    .put("shippedNdcg@10", BenchOut.round(mean(ndcg[shipped], on), 4))
                    .put("shippedRecall@10", BenchOut.round(mean(recall[shipped], on), 4))
                    .put("ndcgDelta", BenchOut.round(delta[0], 4))
                    .put("ndcgDeltaStandardError", BenchOut.round(delta[1], 4))
                    .put("recallDelta", BenchOut.round(recallDelta[0], 4))
                    .put("recallDeltaStandardError", BenchOut.round(recallDelta[1], 4));
            System.out.printf(
                    "picked on %-8s %s (%.4f) -> %-8s nDCG@10 %.4f recall@10 %.4f; shipped %.4f / %.4f;"
                            + " paired %+.4f (s.e. %.4f), recall %+.4f (s.e. %.4f)%s%n",
                    p[0],
                    cells.get(best).label(),
                    mean(ndcg[best], halves.get(p[0])),
                    p[1],
                    mean(ndcg[best], on),
                    mean(recall[best], on),
                    mean(ndcg[shipped], on),
                    mean(recall[shipped], on),
                    delta[0],
                    delta[1],
                    recallDelta[0],
                    recallDelta[1],
                    p[0].equals(p[1]) ? "  [FITTED: best in hindsight]" : "");
        }
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
        double truncated = 0;
        double direct = 0;
        double[] weights = {0.7, 0.3};
        for (int q = 0; q < qids.size(); q++) {
            List<List<LinearFusion.Scored>> l = lists.get(q);
            List<LinearFusion.Scored> knn = first(l.get(0), DEFAULT_CELL_CANDIDATES);
            List<LinearFusion.Scored> bm25 = first(l.get(3), DEFAULT_CELL_CANDIDATES);
            if (!ids(knn).equals(ids(l.get(5)))) knnDiffer++;
            if (!ids(bm25).equals(ids(l.get(6)))) bm25Differ++;
            Set<String> rel = qrels.get(qids.get(q));
            truncated += SciFactJudgments.ndcgAt10(LinearFusion.byDocument(List.of(knn, bm25), weights, FLOORS), rel);
            direct += SciFactJudgments.ndcgAt10(
                    LinearFusion.byDocument(List.of(l.get(5), l.get(6)), weights, FLOORS), rel);
        }
        BenchOut.log(
                "truncation check: kNN lists differ for %d queries, BM25 for %d; shipped cell %.4f truncated, %.4f"
                        + " fetched at depth 30",
                knnDiffer, bm25Differ, truncated / qids.size(), direct / qids.size());
        ObjectNode check = JsonMapper.shared().createObjectNode();
        check.put("knnListsDiffering", knnDiffer).put("bm25ListsDiffering", bm25Differ);
        check.put("shippedNdcgTruncated", BenchOut.round(truncated / qids.size(), 4));
        check.put("shippedNdcgFetchedAtDepth30", BenchOut.round(direct / qids.size(), 4));
        return check;
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

    private static int[] indices(List<String> qids, Map<String, String> queries, String split) {
        Set<String> half = SciFactJudgments.split(queries, split).keySet();
        List<Integer> at = new ArrayList<>();
        for (int q = 0; q < qids.size(); q++) if (half.contains(qids.get(q))) at.add(q);
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double mean(double[] perQuery, int[] at) {
        double sum = 0;
        for (int q : at) sum += perQuery[q];
        return sum / at.length;
    }

    private static int best(double[][] ndcg, int[] at) {
        int best = 0;
        for (int c = 1; c < ndcg.length; c++) if (mean(ndcg[c], at) > mean(ndcg[best], at)) best = c;
        return best;
    }

    /** Mean and standard error of the per-query difference {@code a - b} over the queries {@code at}. */
    private static double[] pairedDelta(double[] a, double[] b, int[] at) {
        double sum = 0;
        double squares = 0;
        for (int q : at) {
            double d = a[q] - b[q];
            sum += d;
            squares += d * d;
        }
        int n = at.length;
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((squares - n * mean * mean) / (n - 1) / n)};
    }

    private RetrievalDepthGrid() {}
}
