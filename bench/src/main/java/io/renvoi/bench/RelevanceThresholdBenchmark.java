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
 * gives: the highest multiple of 0.05 at least 0.04 below the lowest answerable cosine. Reads the SciFact corpus,
 * training queries and qrels and the demo site's pages; prints a text report (stdout).
 */
public final class RelevanceThresholdBenchmark {
    /** Questions none of the corpora answers. */
    static final List<String> OFF_TOPIC = List.of(
            "What is the capital of Australia?",
            "Who won the 1998 football World Cup?",
            "How do I reset my router password?",
            "How long should I bake a sourdough loaf?",
            "What is the airspeed velocity of an unladen swallow over the Pacific?",
            "How do I change a flat tyre on a bicycle?",
            "When did the Roman Empire fall?",
            "Who wrote Pride and Prejudice?",
            "What is the best way to learn the guitar?",
            "How many players are on a rugby union team?",
            "What time does the train to Vienna leave?",
            "How do I declare a generic method in Java?",
            "What is the exchange rate of the euro to the dollar?",
            "Where can I park near the town hall?",
            "How do I knit a scarf?",
            "What is the plot of Hamlet?",
            "Which planet has the most moons?",
            "How tall is the Eiffel Tower?",
            "What are the opening hours of the library on Sunday?",
            "How do I file my tax return online?",
            "Who painted the Mona Lisa?",
            "What is the rule for offside in football?",
            "How do I install Kafka on Ubuntu?",
            "What is a good recipe for lemon cake?",
            "What does a mortgage broker charge?",
            "How do I get a refund for a cancelled flight?",
            "What is the difference between a violin and a viola?",
            "How do I grow tomatoes on a balcony?",
            "What is the population of Tokyo?",
            "Who was the first person to walk on the moon?",
            "How do I write a cover letter?",
            "What is the speed limit on German motorways?",
            "How do glaciers form?",
            "When is the next solar eclipse?",
            "How do I clean a cast iron pan?",
            "Which chess opening is best for beginners?");
    /** Questions the demo site (demo/site) answers. */
    static final List<String> DEMO_QUESTIONS = List.of(
            "Who keeps the lighthouse?",
            "When was the Cape Averill light automated?",
            "How does a Fresnel lens work?",
            "What are the museum's opening hours?",
            "Fresnel",
            "Where can I buy tickets for the museum?",
            "What did the keepers eat?");

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
                OFF_TOPIC.size(),
                BenchOut.loadAverage());
        List<String> claimTexts = claimIds.stream().map(claims::get).toList();
        for (String name :
                opts.getOrDefault("models", "minilm,bge-small-q,e5-small-q").split(",")) {
            EmbeddingModel model = EmbeddingModel.named(name);
            try (OnnxEmbedder e = new OnnxEmbedder(model, OnnxEmbedder.DEFAULT_BATCH_SIZE, 1, 0)) {
                BenchOut.log("%s: embedding %d chunks", name, chunks.size() + demo.size());
                List<float[]> sciVectors = e.embedPassages(chunks);
                List<float[]> demoVectors = e.embedPassages(demo);
                double[] answerable = top1(e, claimTexts, sciVectors);
                double[] demoAnswerable = top1(e, DEMO_QUESTIONS, demoVectors);
                double[] offSci = top1(e, OFF_TOPIC, sciVectors);
                double[] offDemo = top1(e, OFF_TOPIC, demoVectors);
                double[] claimsOnDemo = top1(e, claimTexts, demoVectors);
                double lowest = Math.min(min(answerable), min(demoAnswerable));
                double threshold = Math.floor((lowest - 0.04) * 20 + 1e-9) / 20;
                System.out.printf(
                        "%n== %s (shipped threshold %.2f; load %s)%n",
                        name, model.relevanceThreshold(), BenchOut.loadAverage());
                print("answerable: SciFact claims", answerable);
                print("answerable: demo questions", demoAnswerable);
                print("off-topic questions vs SciFact chunks", offSci);
                print("off-topic questions vs demo site", offDemo);
                print("SciFact claims vs demo site", claimsOnDemo);
                System.out.printf("  rule: lowest answerable %.3f -> threshold %.2f%n", lowest, threshold);
                for (double t = Math.max(0.05, threshold - 0.1); t <= threshold + 0.1001; t += 0.025) {
                    System.out.printf(
                            "  at %.3f: answerable kept %.3f (demo %.3f); off-topic rejected: SciFact %.3f, demo %.3f,"
                                    + " claims on demo %.3f%n",
                            t,
                            share(answerable, t, true),
                            share(demoAnswerable, t, true),
                            share(offSci, t, false),
                            share(offDemo, t, false),
                            share(claimsOnDemo, t, false));
                }
            }
        }
    }

    /** The best cosine of each question's vector (with the model's instruction) over {@code passages}. */
    private static double[] top1(OnnxEmbedder e, List<String> questions, List<float[]> passages) {
        double[] out = new double[questions.size()];
        for (int i = 0; i < questions.size(); i++) {
            float[] q = e.embedQuery(questions.get(i));
            double best = -1;
            for (float[] p : passages) {
                double dot = 0;
                for (int j = 0; j < q.length; j++) dot += q[j] * p[j];
                best = Math.max(best, dot);
            }
            out[i] = best;
        }
        return out;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double share(double[] v, double threshold, boolean above) {
        return (double) Arrays.stream(v).filter(x -> (x >= threshold) == above).count() / v.length;
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
