package io.renvoi.tritonlocal;

import io.renvoi.common.embed.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The "LLM" behind triton-local: reads a prompt ({@link PromptParser}), splits the passages into sentences,
 * embeds the question and the sentences, and answers with the 1-3 sentences most similar to the question
 * (cosine &gt;= threshold, and within {@link #MARGIN} of the best), each followed by its citation
 * {@code [n]}. When nothing clears the threshold it answers {@link #I_DONT_KNOW}. Deterministic.
 */
public final class ExtractiveAnswerer {
    public static final String I_DONT_KNOW = "I don't know: none of the provided passages answers this question.";
    public static final double DEFAULT_THRESHOLD = 0.35;
    /** Extra sentences must score at least best - MARGIN. */
    static final double MARGIN = 0.12;
    static final int MAX_SENTENCES = 3;

    private final Embedder embedder;
    private final double threshold;

    public ExtractiveAnswerer(Embedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    private record Sentence(int passage, int order, String text) {
    }

    private record Scored(Sentence sentence, double score) {
    }

    public String answer(String prompt) {
        PromptParser.Parsed parsed = PromptParser.parse(prompt);
        if (parsed.question().isEmpty() || parsed.passages().isEmpty()) {
            return I_DONT_KNOW;
        }
        List<Sentence> sentences = sentences(parsed.passages());
        if (sentences.isEmpty()) {
            return I_DONT_KNOW;
        }
        List<String> texts = new ArrayList<>(sentences.size() + 1);
        texts.add(parsed.question());
        sentences.forEach(s -> texts.add(s.text()));
        List<float[]> vectors = embedder.embed(texts);
        float[] q = vectors.get(0);
        List<Scored> scored = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            scored.add(new Scored(sentences.get(i), cosine(q, vectors.get(i + 1))));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparingInt(s -> s.sentence().order()));
        double best = scored.get(0).score();
        if (best < threshold) {
            return I_DONT_KNOW;
        }
        StringBuilder out = new StringBuilder();
        int taken = 0;
        for (Scored s : scored) {
            if (taken == MAX_SENTENCES || s.score() < threshold || s.score() < best - MARGIN) {
                break;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(cite(s.sentence().text(), s.sentence().passage()));
            taken++;
        }
        return out.toString();
    }

    /** "Text ends here." -> "Text ends here [n]." */
    static String cite(String sentence, int n) {
        String s = sentence.trim();
        char last = s.charAt(s.length() - 1);
        if (last == '.' || last == '!' || last == '?') {
            return s.substring(0, s.length() - 1).trim() + " [" + n + "]" + last;
        }
        return s + " [" + n + "].";
    }

    private static List<Sentence> sentences(List<PromptParser.Passage> passages) {
        List<Sentence> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int order = 0;
        for (PromptParser.Passage p : passages) {
            for (String s : p.text().split("(?<=[.!?])\\s+")) {
                String t = s.trim();
                if (t.length() >= 3 && seen.add(t)) {
                    out.add(new Sentence(p.number(), order++, t));
                }
            }
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
