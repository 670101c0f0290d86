package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.extract.HtmlExtractor;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The measurement behind {@link EmbeddingModel#relevanceThreshold()} (bench/README.md "Relevance threshold per
 * model"): per model, the top-1 chunk cosine of answerable questions (SciFact training claims against chunks holding
 * their evidence, questions the demo site answers against its pages) and of off-topic ones (questions on other
 * subjects against the same chunks and the demo site, the claims against the demo site), and the threshold the rule
 * gives: the highest multiple of 0.05 at least 0.04 below the lowest answerable cosine. Then {@link
 * EmbeddingModel#relevanceFloor()}: for the answerable questions below the threshold (visitor questions included),
 * the lowest cosine of one of their five nearest passages holding their words ({@link WordEvidence}), the floor by
 * the same rule, and what the threshold-or-words rule keeps and rejects at each floor. Reads the SciFact corpus,
 * training queries and qrels and the demo site's pages; prints a text report (stdout).
 */
public final class RelevanceThresholdBenchmark {
    private RelevanceThresholdBenchmark() {}

    /** {@code --scifact=DIR --demo=DIR [--claims=300] [--others=300] [--models=minilm,bge-small-q,e5-small-q]}. */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = Options.parse(args);
        Path scifact = Path.of(opts.get("scifact"));
        int claimCount = Integer.parseInt(opts.getOrDefault("claims", "300"));
        int otherCount = Integer.parseInt(opts.getOrDefault("others", "300"));
        Map<String, String> claims = new LinkedHashMap<>();
        for (String line : Files.readAllLines(scifact.resolve("queries-train.jsonl"))) {
            JsonNode n = JsonMapper.shared().readTree(line);
            claims.put(n.get("_id").asText(), n.get("text").asText());
        }
        Map<String, Set<String>> qrels = new LinkedHashMap<>();
        List<String> rows = Files.readAllLines(scifact.resolve("qrels/train.tsv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            qrels.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1]);
        }
        List<String> claimIds = qrels.keySet().stream().limit(claimCount).toList();
        Set<String> relevant = new LinkedHashSet<>();
        claimIds.forEach(q -> relevant.addAll(qrels.get(q)));
        List<String> chunks = new ArrayList<>();
        int others = 0;
        Chunker chunker = Chunker.forMiniLm();
        for (SciFactCorpus.Doc d : SciFactCorpus.read(scifact.resolve("corpus.jsonl"), Integer.MAX_VALUE)) {
            boolean isRelevant = relevant.contains(d.id());
            if (isRelevant || others < otherCount) {
                chunker.chunk(d.pageText()).stream().map(Chunk::text).forEach(chunks::add);
                if (!isRelevant) others++;
            }
        }
        List<String> demo = new ArrayList<>();
        HtmlExtractor html = new HtmlExtractor();
        try (Stream<Path> pages = Files.list(Path.of(opts.get("demo")))) {
            for (Path p :
                    pages.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                String text = html.extract(Files.readString(p), "http://127.0.0.1/" + p.getFileName())
                        .text();
                chunker.chunk(text).stream().map(Chunk::text).forEach(demo::add);
            }
        }
        System.out.printf(
                "%d claims, %d SciFact documents, %d chunks; %d demo chunks; %d off-topic questions; load %s%n",
                claimIds.size(),
                relevant.size() + others,
                chunks.size(),
                demo.size(),
                RelevanceQuestions.OFF_TOPIC.size(),
                BenchOut.loadAverage());
        List<String> claimTexts = claimIds.stream().map(claims::get).toList();
        WordEvidence words = new WordEvidence();
        List<Set<String>> sciTerms = words.termsOf(chunks);
        List<Set<String>> demoTerms = words.termsOf(demo);
        for (String name :
                opts.getOrDefault("models", "minilm,bge-small-q,e5-small-q").split(",")) {
            EmbeddingModel model = EmbeddingModel.named(name);
            try (OnnxEmbedder e = new OnnxEmbedder(model, OnnxEmbedder.DEFAULT_BATCH_SIZE, 1, 0)) {
                BenchOut.log("%s: embedding %d chunks", name, chunks.size() + demo.size());
                List<float[]> sciVectors = e.embedPassages(chunks);
                List<float[]> demoVectors = e.embedPassages(demo);
                Asked claimsAsked = Asked.of(e, words, claimTexts, sciVectors, sciTerms);
                Asked demoQuestions = Asked.of(e, words, RelevanceQuestions.DEMO_QUESTIONS, demoVectors, demoTerms);
                Asked visitors = Asked.of(e, words, RelevanceQuestions.VISITOR_QUESTIONS, demoVectors, demoTerms);
                Asked offSci = Asked.of(e, words, RelevanceQuestions.OFF_TOPIC, sciVectors, sciTerms);
                Asked offDemo = Asked.of(e, words, RelevanceQuestions.OFF_TOPIC, demoVectors, demoTerms);
                Asked claimsOnDemo = Asked.of(e, words, claimTexts, demoVectors, demoTerms);
                List<Asked> answerable = List.of(claimsAsked, demoQuestions, visitors);
                List<Asked> offTopic = List.of(offSci, offDemo, claimsOnDemo);
                double lowest = Math.min(min(claimsAsked.tops()), min(demoQuestions.tops()));
                double threshold = marginBelow(lowest);
                System.out.printf(
                        "%n== %s (shipped threshold %.2f, floor %.2f; load %s)%n",
                        name, model.relevanceThreshold(), model.relevanceFloor(), BenchOut.loadAverage());
                print("answerable: SciFact claims", claimsAsked.tops());
                print("answerable: demo questions", demoQuestions.tops());
                print("answerable: visitor questions (demo)", visitors.tops());
                print("off-topic questions vs SciFact chunks", offSci.tops());
                print("off-topic questions vs demo site", offDemo.tops());
                print("SciFact claims vs demo site", claimsOnDemo.tops());
                System.out.printf("  rule: lowest answerable %.3f -> threshold %.2f%n", lowest, threshold);
                double shipped = model.relevanceThreshold();
                double[] visitorTops = visitors.tops();
                for (int i = 0; i < visitorTops.length; i++) {
                    if (visitorTops[i] < shipped) { // listed: these need the word evidence
                        System.out.printf(
                                "  visitor question below the shipped threshold: %.3f %s%n",
                                visitorTops[i], RelevanceQuestions.VISITOR_QUESTIONS.get(i));
                    }
                }
                // cosine alone: a floor at the threshold never lets the words decide (no passage below the top)
                for (double t = Math.max(0.05, threshold - 0.1); t <= threshold + 0.1001; t += 0.025) {
                    printRule(String.format("at %.3f", t), t, t, answerable, offTopic);
                }
                double lowestHeld = Double.NaN;
                int unheld = 0;
                for (Asked set : answerable) {
                    for (int i = 0; i < set.near().size(); i++) {
                        if (set.near().get(i).top() >= shipped) continue;
                        double held = set.near().get(i).heldAt(set.terms().get(i), set.passageTerms());
                        if (Double.isNaN(held)) unheld++;
                        else lowestHeld = Double.isNaN(lowestHeld) ? held : Math.min(lowestHeld, held);
                    }
                }
                if (Double.isNaN(lowestHeld)) {
                    System.out.printf("  answerable below %.3f: none%n", shipped);
                } else {
                    System.out.printf(
                            "  answerable below %.3f: %s; lowest cosine of a passage holding their words %.3f ->"
                                    + " floor %.2f (rule as above)%n",
                            shipped,
                            unheld == 0 ? "each has a passage holding its words" : unheld + " without such a passage",
                            lowestHeld,
                            marginBelow(lowestHeld));
                }
                System.out.printf(
                        "  with word evidence (relevant at %.3f, or at FLOOR when one of the five nearest passages"
                                + " at FLOOR or more holds the question's words):%n",
                        shipped);
                for (double f = shipped - 0.2; f <= shipped + 1e-9; f += 0.025) {
                    printRule(String.format("floor %.3f", f), shipped, f, answerable, offTopic);
                }
                // a higher threshold, the words deciding below it: what word evidence would allow (not shipped)
                double floor = model.relevanceFloor();
                System.out.printf("  higher thresholds with word evidence from the shipped floor %.2f:%n", floor);
                for (double t = shipped + 0.025; t <= shipped + 0.1001; t += 0.025) {
                    printRule(String.format("threshold %.3f", t), t, floor, answerable, offTopic);
                }
            }
        }
    }

    /** A question's five nearest passages, best first: their indices and cosines. */
    record Nearest(int[] passages, double[] cosines) {
        double top() {
            return cosines[0];
        }

        /** The best cosine of those holding the question's terms, or NaN. */
        double heldAt(List<String> question, List<Set<String>> passageTerms) {
            for (int i = 0; i < passages.length; i++) {
                if (WordEvidence.holds(passageTerms.get(passages[i]), question)) return cosines[i];
            }
            return Double.NaN;
        }

        /** Whether one of them, at a cosine of {@code floor} or more, holds the question's terms. */
        boolean held(double floor, List<String> question, List<Set<String>> passageTerms) {
            for (int i = 0; i < passages.length; i++) {
                if (cosines[i] >= floor && WordEvidence.holds(passageTerms.get(passages[i]), question)) return true;
            }
            return false;
        }
    }

    /** Each question's vector (with the model's instruction) against {@code passages}: its five nearest. */
    private static List<Nearest> nearest(OnnxEmbedder e, List<String> questions, List<float[]> passages) {
        List<Nearest> out = new ArrayList<>();
        for (String question : questions) {
            float[] q = e.embedQuery(question);
            Integer[] order = new Integer[passages.size()];
            double[] cos = new double[passages.size()];
            for (int p = 0; p < passages.size(); p++) {
                double dot = 0;
                for (int j = 0; j < q.length; j++) dot += q[j] * passages.get(p)[j];
                cos[p] = dot;
                order[p] = p;
            }
            Arrays.sort(order, (a, b) -> Double.compare(cos[b], cos[a]));
            int n = Math.min(5, order.length);
            int[] idx = new int[n];
            double[] top = new double[n];
            for (int i = 0; i < n; i++) {
                idx[i] = order[i];
                top[i] = cos[order[i]];
            }
            out.add(new Nearest(idx, top));
        }
        return out;
    }

    /**
     * One set of questions asked of one set of passages: each question's five nearest and its analysed terms
     * (computed once), and the passages' terms.
     */
    record Asked(List<Nearest> near, List<List<String>> terms, List<Set<String>> passageTerms) {
        static Asked of(
                OnnxEmbedder e,
                WordEvidence words,
                List<String> questions,
                List<float[]> passages,
                List<Set<String>> passageTerms) {
            return new Asked(
                    nearest(e, questions, passages),
                    questions.stream().map(words::questionTerms).toList(),
                    passageTerms);
        }

        double[] tops() {
            return near.stream().mapToDouble(Nearest::top).toArray();
        }

        /** The share of questions relevant ({@code relevant}) or not: a cosine at the threshold, or words at the floor. */
        double share(double threshold, double floor, boolean relevant) {
            int n = 0;
            for (int i = 0; i < near.size(); i++) {
                Nearest q = near.get(i);
                boolean r = q.top() >= threshold || q.held(floor, terms.get(i), passageTerms);
                if (r == relevant) n++;
            }
            return (double) n / near.size();
        }
    }

    /** One line of a rule's table: the answerable sets kept and the off-topic sets rejected. */
    private static void printRule(
            String head, double threshold, double floor, List<Asked> answerable, List<Asked> offTopic) {
        System.out.printf(
                "  %s: answerable kept %.3f (demo %.3f, visitors %.3f); off-topic rejected: SciFact %.3f, demo %.3f,"
                        + " claims on demo %.3f%n",
                head,
                answerable.get(0).share(threshold, floor, true),
                answerable.get(1).share(threshold, floor, true),
                answerable.get(2).share(threshold, floor, true),
                offTopic.get(0).share(threshold, floor, false),
                offTopic.get(1).share(threshold, floor, false),
                offTopic.get(2).share(threshold, floor, false));
    }

    /**
     * The rule that sets both the threshold and the floor: the highest multiple of 0.05 at least 0.04 below the
     * lowest cosine that must pass.
     */
    private static double marginBelow(double lowest) {
        return Math.floor((lowest - 0.04) * 20 + 1e-9) / 20;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static void print(String label, double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        System.out.printf(
                "  %-40s n %3d  min %.3f  p1 %.3f  p10 %.3f  p50 %.3f  p90 %.3f  max %.3f%n",
                label, s.length, s[0], q(s, 0.01), q(s, 0.10), q(s, 0.5), q(s, 0.9), s[s.length - 1]);
    }

    private static double q(double[] sorted, double p) {
        return sorted[(int) Math.floor(p * (sorted.length - 1))];
    }
}
