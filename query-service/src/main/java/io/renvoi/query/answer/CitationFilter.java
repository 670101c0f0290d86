package io.renvoi.query.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filters the citation markers of a generated answer as it streams, so neither the streamed tokens nor the
 * answer ever show a marker that names no passage of the prompt. A marker is a bracketed list of numbers
 * ({@code [3]}, {@code [ 1, 2 ]}, {@code [1-2]}); one whose numbers are all passages 1..n is written back
 * normalised ({@code [1][2]}), numbers outside 1..n are left out of it, and a marker left with none is dropped
 * with the blanks before it. Text from a {@code [} on (and the blanks just before it) is held back only until
 * the next character shows whether it can still be a marker ({@code ]}, a digit, a separator), at most
 * {@link #MAX_MARKER} characters; text that cannot be one is let through unchanged, and an overlong run
 * has its {@code [} turned into {@code (}, so it can never close into a marker later. An unclosed {@code [} at
 * the end is let through as it is. Reads and writes only its
 * own state; one instance per generation, not thread-safe. The result depends only on the concatenated text,
 * never on how it was split into tokens.
 */
public final class CitationFilter {
    /** Longest marker considered ({@code [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]} fits). */
    static final int MAX_MARKER = 48;

    private static final Pattern MARKER = Pattern.compile("\\[\\s*\\d+(?:\\s*[,;\\-\u2013]\\s*\\d+)*\\s*]");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final int passages;
    private final StringBuilder held = new StringBuilder();
    /** Index of the '[' in {@link #held}, -1 while only blanks are held. */
    private int bracket = -1;

    private final StringBuilder all = new StringBuilder();

    /** @param passages the number of passages in the prompt (markers may name 1..passages) */
    public CitationFilter(int passages) {
        this.passages = passages;
    }

    /** The whole of {@code text} filtered at once. */
    public static String apply(String text, int passages) {
        CitationFilter f = new CitationFilter(passages);
        return f.push(text) + f.finish();
    }

    /** Takes the next piece of generated text; returns what may be shown now (possibly empty). */
    public String push(String token) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < token.length(); i++) {
            accept(token.charAt(i), out);
        }
        all.append(out);
        return out.toString();
    }

    /** The end of the generation: returns what was still held back (never a marker naming no passage). */
    public String finish() {
        String out = held.toString(); // an unclosed '[' is no marker
        held.setLength(0);
        bracket = -1;
        all.append(out);
        return out;
    }

    /** Everything let through so far. */
    public String text() {
        return all.toString();
    }

    private void accept(char c, StringBuilder out) {
        if (bracket < 0) {
            if (c == '[') {
                bracket = held.length();
                held.append(c);
            } else if (Character.isWhitespace(c)) {
                if (held.length() >= MAX_MARKER) {
                    out.append(held);
                    held.setLength(0);
                }
                held.append(c);
            } else {
                out.append(held).append(c);
                held.setLength(0);
            }
            return;
        }
        if (c == ']') {
            String marker = held.substring(bracket) + ']';
            String blanks = held.substring(0, bracket);
            held.setLength(0);
            bracket = -1;
            if (MARKER.matcher(marker).matches()) {
                String kept = keep(marker);
                if (!kept.isEmpty()) {
                    out.append(blanks).append(kept);
                }
                // a marker naming no passage goes, with the blanks before it
            } else {
                out.append(blanks).append(marker);
            }
            return;
        }
        if ((c >= '0' && c <= '9') || c == ' ' || c == ',' || c == ';' || c == '-' || c == '\u2013') {
            held.append(c);
            if (held.length() - bracket > MAX_MARKER) {
                out.append(held.toString().replace('[', '('));
                held.setLength(0);
                bracket = -1;
            }
            return;
        }
        // cannot be a marker: let the held text through and look at c afresh
        out.append(held);
        held.setLength(0);
        bracket = -1;
        accept(c, out);
    }

    /** The numbers of a marker that name passages, each as [n]; empty when none does. */
    private String keep(String marker) {
        List<Integer> kept = new ArrayList<>();
        Matcher m = NUMBER.matcher(marker);
        while (m.find()) {
            String digits = m.group();
            if (digits.length() <= 4) {
                int n = Integer.parseInt(digits);
                if (n >= 1 && n <= passages && !kept.contains(n)) {
                    kept.add(n);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        kept.forEach(n -> out.append('[').append(n).append(']'));
        return out.toString();
    }
}
