package io.renvoi.common.chunk;

import io.renvoi.common.hash.Sha256;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits extracted text into sentence-aligned chunks sized for the embedding model's window, with a
 * sentence overlap between neighbours. Each chunk records its offsets into the text and its sha256.
 */
public final class Chunker {
    private final int targetChars;
    private final int maxChars;
    private final int overlapChars;

    /**
     * @param targetChars a chunk is closed once it reaches this size
     * @param maxChars a chunk never exceeds this size (long sentences are split at spaces)
     * @param overlapChars how much trailing text of a chunk is repeated at the start of the next one
     */
    public Chunker(int targetChars, int maxChars, int overlapChars) {
        if (targetChars <= 0 || maxChars < targetChars || overlapChars < 0 || overlapChars >= targetChars) {
            throw new IllegalArgumentException("need 0 < target <= max and 0 <= overlap < target");
        }
        this.targetChars = targetChars;
        this.maxChars = maxChars;
        this.overlapChars = overlapChars;
    }

    /** Sizes that keep English prose under all-MiniLM-L6-v2's 256 word pieces. */
    public static Chunker forMiniLm() {
        return new Chunker(700, 1000, 150);
    }

    public List<Chunk> chunk(String text) {
        List<int[]> sentences = sentences(text);
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            int start = sentences.get(i)[0];
            int j = i;
            int end = sentences.get(j)[1];
            while (j + 1 < sentences.size() && end - start < targetChars && sentences.get(j + 1)[1] - start <= maxChars) {
                j++;
                end = sentences.get(j)[1];
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

    /** Sentence spans, trimmed of whitespace, each at most {@code maxChars} long. */
    private List<int[]> sentences(String text) {
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
