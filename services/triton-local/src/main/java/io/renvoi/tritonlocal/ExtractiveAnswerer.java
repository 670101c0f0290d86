package io.renvoi.tritonlocal;

import io.renvoi.common.embed.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The "LLM" behind triton-local: reads a prompt ({@link PromptParser}), splits the passages into sentences,
 * embeds the question and each sentence (prefixed with its passage title, so "It was built in 1889" keeps its
 * subject), and scores each sentence as cosine + {@link #LEXICAL_WEIGHT} x the share of the question's content
 * words (minus those already in the passage title) that the sentence contains. It answers with the 1-3 best
 * sentences (score &gt;= threshold and within {@link #MARGIN} of the best), each followed by its citation
 * {@code [n]}; when nothing clears the threshold it answers {@link #I_DONT_KNOW}. Deterministic.
 */
public final class ExtractiveAnswerer {
    public static final String I_DONT_KNOW = "I don't know: none of the provided passages answers this question.";
    public static final double DEFAULT_THRESHOLD = 0.35;
    /** Extra sentences must score at least best - MARGIN. */
    static final double MARGIN = 0.12;

    static final double LEXICAL_WEIGHT = 0.25;
    private static final Set<String> STOPWORDS = Set.of(
            "the", "and", "are", "was", "were", "been", "for", "with", "what", "when", "where", "who", "whom", "which",
            "why", "how", "does", "did", "this", "that", "these", "those", "its", "from", "about", "into", "can",
            "could", "should", "would", "will", "has", "have", "had", "your", "you", "they", "she", "there", "their",
            "not", "than", "then", "any", "all", "some", "our", "his", "her", "him", "them", "is", "of", "in", "on",
            "at", "to", "an", "a", "it", "do", "be", "by", "as", "or");
    static final int MAX_SENTENCES = 3;

    private final Embedder embedder;
    private final double threshold;

    public ExtractiveAnswerer(Embedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    private record Sentence(int passage, int order, String text, String title) {}

    private record Scored(Sentence sentence, double score) {}

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
        sentences.forEach(
                s -> texts.add(s.title() == null || s.title().isBlank() ? s.text() : s.title() + ": " + s.text()));
        List<float[]> vectors = embedder.embed(texts);
        float[] q = vectors.get(0);
        Set<String> questionWords = contentWords(parsed.question());
        List<Scored> scored = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            scored.add(
                    new Scored(s, Embedder.cosine(q, vectors.get(i + 1)) + LEXICAL_WEIGHT * lexical(questionWords, s)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score)
                .reversed()
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
                    out.add(new Sentence(p.number(), order++, t, p.title()));
                }
            }
        }
        return out;
    }

    /** Share of the question's content words (not already in the passage title) found in the sentence. */
    private static double lexical(Set<String> questionWords, Sentence s) {
        Set<String> asked = new LinkedHashSet<>(questionWords);
        if (s.title() != null) {
            asked.removeAll(contentWords(s.title()));
        }
        if (asked.isEmpty()) {
            return 0;
        }
        Set<String> have = contentWords(s.text());
        long hits = asked.stream().filter(have::contains).count();
        return (double) hits / asked.size();
    }

    static Set<String> contentWords(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && !STOPWORDS.contains(w)) {
                out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }
}
