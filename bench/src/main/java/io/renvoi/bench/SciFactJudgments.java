package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SciFact training queries and their relevance judgments (the BEIR files next to the corpus), the fixed halves
 * that fusion weights are tuned on and reported on, and the document-level metrics (nDCG@10, recall@10, binary
 * relevance). Reads {@code queries-train.jsonl} and {@code qrels/train.tsv}; writes nothing.
 */
final class SciFactJudgments {
    private SciFactJudgments() {}

    /** The first {@code --limit} documents of {@code --corpus}, and the training queries judged on them. */
    record Training(List<SciFactCorpus.Doc> docs, Map<String, Set<String>> qrels, Map<String, String> queries) {
        static Training read(Map<String, String> opts) throws IOException {
            Path corpus = Path.of(opts.get("corpus"));
            List<SciFactCorpus.Doc> docs =
                    SciFactCorpus.read(corpus, Integer.parseInt(opts.getOrDefault("limit", "" + Integer.MAX_VALUE)));
            Map<String, Set<String>> qrels = SciFactJudgments.qrels(corpus, docs);
            return new Training(docs, qrels, SciFactJudgments.queries(corpus.getParent(), qrels.keySet()));
        }
    }

    /** Relevant corpus ids per training query in {@code evalDir}, keeping only the documents in {@code corpusIds}. */
    static Map<String, Set<String>> qrels(Path evalDir, Set<String> corpusIds) throws IOException {
        Map<String, Set<String>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(evalDir.resolve("qrels/train.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3 && Integer.parseInt(f[2].trim()) > 0 && corpusIds.contains(f[1])) {
                qrels.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1]);
            }
        }
        return qrels;
    }

    /** Relevant corpus ids per training query, for the corpus file's documents {@code docs} (read from it). */
    static Map<String, Set<String>> qrels(Path corpusFile, List<SciFactCorpus.Doc> docs) throws IOException {
        Set<String> ids = new HashSet<>();
        docs.forEach(d -> ids.add(d.id()));
        return qrels(corpusFile.getParent(), ids);
    }

    /** The training queries of {@code evalDir} whose ids are in {@code ids}, in file order. */
    static Map<String, String> queries(Path evalDir, Set<String> ids) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(evalDir.resolve("queries-train.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode n = JsonMapper.shared().readTree(line);
            if (ids.contains(n.get("_id").asText()))
                queries.put(n.get("_id").asText(), n.get("text").asText());
        }
        return queries;
    }

    /**
     * A fixed half of the queries ({@code --split=tune}: the 1st, 3rd, 5th... in file order; {@code held-out}: the
     * 2nd, 4th...; {@code all}): fusion is tuned on one half and reported on the other, so the reported figure is
     * not fitted to the queries it is measured on.
     */
    static Map<String, String> split(Map<String, String> queries, String split) {
        if (split.equals("all")) {
            return queries;
        }
        int parity = switch (split) {
            case "tune" -> 0;
            case "held-out" -> 1;
            default -> throw new IllegalArgumentException("--split must be all, tune or held-out: " + split);
        };
        Map<String, String> half = new LinkedHashMap<>();
        int i = 0;
        for (var q : queries.entrySet()) {
            if (i++ % 2 == parity) half.put(q.getKey(), q.getValue());
        }
        return half;
    }

    static double ndcgAt10(List<String> ranked, Set<String> relevant) {
        double dcg = 0;
        for (int i = 0; i < Math.min(10, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) dcg += 1 / log2(i + 2);
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(10, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    static double recallAt10(List<String> ranked, Set<String> relevant) {
        long found = ranked.stream().limit(10).filter(relevant::contains).count();
        return relevant.isEmpty() ? 0 : (double) found / relevant.size();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
