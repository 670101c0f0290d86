package io.renvoi.common.extract;

import java.util.Locale;

/**
 * Plain text and Markdown kept as text: line endings unified to {@code \n}, trailing whitespace of the
 * document removed, nothing else changed (Markdown syntax stays, so offsets point into what the author
 * wrote). The title is the first Markdown heading, else the first non-blank line (at most 200 characters).
 */
public final class PlainTextExtractor {
    public static final String TEXT_VERSION = "text-1";
    public static final String MARKDOWN_VERSION = "markdown-1";
    private static final int MAX_TITLE = 200;

    public ExtractedDocument extract(String body, boolean markdown) {
        String text = body.replace("\r\n", "\n").replace('\r', '\n').strip();
        String title = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (markdown && l.startsWith("#")) {
                title = l.replaceFirst("^#+\\s*", "").strip();
                break;
            }
            if (!markdown && !l.isEmpty()) {
                title = l;
                break;
            }
        }
        if (title != null && title.length() > MAX_TITLE) title = title.substring(0, MAX_TITLE);
        boolean noindex = markdown && text.toLowerCase(Locale.ROOT).contains("<meta name=\"robots\" content=\"noindex");
        return new ExtractedDocument(
                title == null || title.isEmpty() ? null : title,
                text,
                null,
                noindex,
                markdown ? MARKDOWN_VERSION : TEXT_VERSION);
    }
}
