package io.renvoi.query.answer;

import java.util.regex.Pattern;

/**
 * Makes untrusted text (a page's passage or title, the client's question) safe to place in the prompt as data.
 * Reads and writes nothing but its argument: every line or paragraph break ({@code \r}, {@code \n}, U+0085,
 * U+2028, U+2029, vertical tab, form feed) and every other control character becomes a space, so a passage
 * stays on its one line and cannot start a line of the prompt's layout; invisible format characters (zero-width
 * spaces, bidi overrides) are removed, except the zero-width (non-)joiners some scripts need; square brackets
 * (ASCII and the full-width and lenticular look-alikes) become parentheses, so "[7]" in a page can neither
 * look like a citation of passage 7 nor spell a {@code [INST]} marker; angle brackets become single
 * guillemets, so no chat-template token ({@code <|im_start|>}, {@code <|eot_id|>}, {@code <start_of_turn>},
 * {@code </s>}) survives; and the prompt's own labels ({@code Passages:}, {@code Question:}, {@code Answer:})
 * and role labels ({@code System:}, {@code User:}, {@code Assistant:}) lose their colon.
 */
public final class PassageText {
    private static final Pattern LABEL =
            Pattern.compile("(?i)\\b(passages?|question|answer|instructions?|system|user|assistant|human)\\s*:");
    private static final Pattern BLANKS = Pattern.compile(" {2,}");

    private PassageText() {}

    /** The text on one line with every marker neutralised and runs of spaces collapsed; empty for null. */
    public static String neutralise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            out.append(replacement(c));
        }
        String s = LABEL.matcher(out).replaceAll("$1 -");
        return BLANKS.matcher(s).replaceAll(" ").strip();
    }

    private static String replacement(int c) {
        switch (c) {
            case '[', '\uFF3B', '\u3010', '\u3014', '\u3016', '\u3018', '\u301A', '\u27E6':
                return "(";
            case ']', '\uFF3D', '\u3011', '\u3015', '\u3017', '\u3019', '\u301B', '\u27E7':
                return ")";
            case '<', '\uFF1C':
                return "\u2039";
            case '>', '\uFF1E':
                return "\u203A";
            case '\u200C', '\u200D':
                return new String(Character.toChars(c));
            default:
                break;
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || Character.isWhitespace(c)
                || Character.isSpaceChar(c)) {
            return " ";
        }
        if (type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
            return "";
        }
        return new String(Character.toChars(c));
    }
}
