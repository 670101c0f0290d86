package io.renvoi.common.extract;

import java.io.StringReader;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Extracts the main text of an HTML page with jsoup: drops scripts, styles and navigation boilerplate,
 * keeps block structure as blank lines. Deterministic: the same bytes always give the same text, so the
 * offsets taken at ingest can be re-checked at answer time. Bump {@link #VERSION} whenever output changes.
 */
public final class HtmlExtractor {
    /** Stored with every chunk; query-service re-extracts with the same version. html-2: decoding by BOM, header, then meta charset ({@link CharsetSniffer}). */
    public static final String VERSION = "html-2";

    private static final String BOILERPLATE =
            "script, style, noscript, template, svg, canvas, iframe, nav, header, footer, aside, form, button, "
                    + "[hidden], [aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo]";
    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "tr",
            "table",
            "pre",
            "blockquote",
            "figure",
            "figcaption",
            "br",
            "hr",
            "body",
            "td",
            "th");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    public ExtractedDocument extract(String html, String baseUrl) {
        return extract(html, baseUrl, ExtractionStopped.noDeadline());
    }

    /**
     * @param deadline {@link System#nanoTime()} after which parsing stops with {@link ExtractionStopped}
     */
    ExtractedDocument extract(String html, String baseUrl, long deadline) {
        Document doc = Parser.htmlParser()
                .parseInput(new DeadlineReader(new StringReader(html), deadline), baseUrl == null ? "" : baseUrl);
        String title = doc.title().isBlank() ? firstHeading(doc) : doc.title().strip();
        Element canonical = doc.selectFirst("link[rel=canonical][href]");
        String canonicalUrl = canonical == null ? null : canonical.absUrl("href");
        boolean noindex = doc.select("meta[name=robots][content], meta[name=googlebot][content]").stream()
                .anyMatch(m -> m.attr("content").toLowerCase(Locale.ROOT).contains("noindex"));

        doc.select(BOILERPLATE).remove();
        Element root = doc.selectFirst("main, article, [role=main]");
        if (root == null) {
            root = doc.body();
        }
        return new ExtractedDocument(
                title == null || title.isEmpty() ? null : title,
                blockText(root, deadline),
                canonicalUrl == null || canonicalUrl.isEmpty() ? null : canonicalUrl,
                noindex,
                VERSION);
    }

    private static String firstHeading(Document doc) {
        Element h = doc.selectFirst("h1, h2");
        return h == null ? null : h.text().strip();
    }

    /** Text of the element with inline whitespace collapsed and one blank line between blocks. */
    static String blockText(Element root, long deadline) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    private int seen;

                    @Override
                    public void head(Node node, int depth) {
                        if (++seen % 4096 == 0) {
                            ExtractionStopped.check(deadline);
                        }
                        if (node instanceof TextNode t) {
                            out.append(SPACES.matcher(t.getWholeText().replace('\n', ' '))
                                    .replaceAll(" "));
                        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                            out.append('\n');
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                            out.append('\n');
                        }
                    }
                },
                root);
        StringBuilder lines = new StringBuilder(out.length());
        for (String line : out.toString().split("\n", -1)) {
            lines.append(line.strip()).append('\n');
        }
        return BLANK_LINES
                .matcher(lines.toString().replaceAll("\\n\\n+", "\n\n"))
                .replaceAll("\n\n")
                .strip();
    }
}
