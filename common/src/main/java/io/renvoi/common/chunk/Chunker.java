package io.renvoi.common.chunk;

import io.renvoi.common.hash.Sha256;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits extracted text into sentence-aligned chunks sized for the embedding model's window, with a
 * sentence overlap between neighbours. Each chunk records its offsets into the text and its sha256.
 * Size is bounded twice: in characters (target, max) and in model tokens, measured per sentence with the
 * model's tokenizer. Sentences meet at whitespace, and WordPiece tokenizes word by word, so a chunk's token
 * count is the sum of its sentences' counts (a sentence cut mid-word can only count more, never fewer).
 */
public final class Chunker {
    /**
     * all-MiniLM-L6-v2 reads 256 word pieces including [CLS] and [SEP]: 254 for the text, 4 kept spare.
     */
    public static final int MINILM_MAX_TOKENS = 250;

    private final int targetChars;
    private final int maxChars;
    private final int overlapChars;
    private final int maxTokens;
    private final TokenCounter tokens;

    /**
     * @param targetChars a chunk is closed once it reaches this size
     * @param maxChars a chunk never exceeds this size (long sentences are split at spaces)
     * @param overlapChars how much trailing text of a chunk is repeated at the start of the next one
     */
    public Chunker(int targetChars, int maxChars, int overlapChars) {
        this(targetChars, maxChars, overlapChars, Integer.MAX_VALUE, text -> 0);
    }

    /**
     * @param maxTokens a chunk never holds more model tokens than this
     * @param tokens counts model tokens of a text
     */
    public Chunker(int targetChars, int maxChars, int overlapChars, int maxTokens, TokenCounter tokens) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("need maxTokens > 0");
        }
        this.maxTokens = maxTokens;
        this.tokens = tokens;
        if (targetChars <= 0 || maxChars < targetChars || overlapChars < 0 || overlapChars >= targetChars) {
            throw new IllegalArgumentException("need 0 < target <= max and 0 <= overlap < target");
        }
        this.targetChars = targetChars;
        this.maxChars = maxChars;
        this.overlapChars = overlapChars;
    }

    /**
     * About 150 tokens of English prose per chunk (700 characters), never more than
     * {@link #MINILM_MAX_TOKENS} by all-MiniLM-L6-v2's own tokenizer: dense text (numbers, formulas, CJK)
     * gets shorter chunks instead of being truncated by the model.
     */
    public static Chunker forMiniLm() {
        return new Chunker(700, 1000, 150, MINILM_MAX_TOKENS, TokenCounter.miniLm());
    }

    public List<Chunk> chunk(String text) {
        List<int[]> sentences = sentences(text);
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            int start = sentences.get(i)[0];
            int j = i;
            int end = sentences.get(j)[1];
            int used = sentences.get(j)[2];
            while (j + 1 < sentences.size()
                    && end - start < targetChars
                    && sentences.get(j + 1)[1] - start <= maxChars
                    && used + sentences.get(j + 1)[2] <= maxTokens) {
                j++;
                end = sentences.get(j)[1];
                used += sentences.get(j)[2];
            }
            chunks.add(chunk(chunks.size(), text, start, end));
            if (j + 1 >= sentences.size()) {
                break;
            }
            // Start the next chunk with the trailing sentences of this one that fit in the overlap.
            int next = j + 1;
            while (next - 1 > i && end - sentences.get(next - 1)[0] <= overlapChars) {
                next--;
            }
            i = next;
        }
        return chunks;
    }

    private static Chunk chunk(int ord, String text, int start, int end) {
        String slice = text.substring(start, end);
        return new Chunk(ord, start, end, Sha256.hex(slice), slice);
    }

    /** Sentence spans {start, end, tokens}, trimmed, each at most {@code maxChars} long and {@code maxTokens} tokens. */
    private List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        for (int[] span : charBoundedSentences(text)) {
            fitTokens(text, span[0], span[1], out);
        }
        return out;
    }

    /** Adds [a, b) with its token count, halving it at a space until each piece fits the token budget. */
    private void fitTokens(String text, int a, int b, List<int[]> out) {
        int count = tokens.count(text.substring(a, b));
        if (count <= maxTokens || b - a <= 1) {
            out.add(new int[] {a, b, count});
            return;
        }
        int mid = a + (b - a) / 2;
        int cut = text.lastIndexOf(' ', mid);
        if (cut <= a) cut = text.indexOf(' ', mid);
        if (cut <= a || cut >= b) cut = mid;
        int leftEnd = cut;
        while (leftEnd > a && Character.isWhitespace(text.charAt(leftEnd - 1))) leftEnd--;
        int rightStart = cut;
        while (rightStart < b && Character.isWhitespace(text.charAt(rightStart))) rightStart++;
        if (leftEnd > a) fitTokens(text, a, leftEnd, out);
        if (b > rightStart) fitTokens(text, rightStart, b, out);
    }

    private List<int[]> charBoundedSentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<int[]> spans = new ArrayList<>();
        for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            int a = s;
            int b = e;
            while (a < b && Character.isWhitespace(text.charAt(a))) a++;
            while (b > a && Character.isWhitespace(text.charAt(b - 1))) b--;
            while (b - a > maxChars) {
                int cut = text.lastIndexOf(' ', a + maxChars);
                if (cut <= a) cut = a + maxChars;
                int trimmedEnd = cut;
                while (trimmedEnd > a && Character.isWhitespace(text.charAt(trimmedEnd - 1))) trimmedEnd--;
                spans.add(new int[] {a, trimmedEnd});
                a = cut;
                while (a < b && Character.isWhitespace(text.charAt(a))) a++;
            }
            if (b > a) {
                spans.add(new int[] {a, b});
            }
        }
        return spans;
    }
}
