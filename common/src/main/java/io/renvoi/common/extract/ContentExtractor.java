package io.renvoi.common.extract;

import java.io.IOException;
import java.util.Locale;

/**
 * Picks the extractor for a fetched body by media type (sniffing PDF and HTML when the server sent none)
 * and decodes text with {@link CharsetSniffer}. HTML ({@value HtmlExtractor#VERSION}), plain text
 * ({@value PlainTextExtractor#TEXT_VERSION}), Markdown ({@value PlainTextExtractor#MARKDOWN_VERSION}) and
 * PDF ({@value PdfExtractor#VERSION}); anything else is refused with reason {@code unsupported-type}.
 * Each extractor version is stored with the chunks, so a reader can re-extract the same way.
 */
public final class ContentExtractor {
    private final ExtractLimits limits;
    private final HtmlExtractor html = new HtmlExtractor();
    private final PlainTextExtractor plain = new PlainTextExtractor();
    private final PdfExtractor pdf = new PdfExtractor();

    /** The outcome: a document, or the reason (a job failure reason) and a detail. */
    public record Extraction(ExtractedDocument document, String reason, String detail) {
        public boolean ok() {
            return document != null;
        }

        static Extraction refused(String reason, String detail) {
            return new Extraction(null, reason, detail);
        }
    }

    /** An extractor with the default limits (tools and tests); services use {@link ExtractConfig}. */
    public ContentExtractor() {
        this(ExtractLimits.defaults());
    }

    public ContentExtractor(ExtractLimits limits) {
        this.limits = limits;
    }

    /**
     * Extracts within the limits: a body or text past them, or an extraction past its time, is refused with
     * {@code too-large} or {@code timeout}; an unreadable PDF with {@code unreadable}.
     *
     * @param mediaType the Content-Type without parameters, or null
     * @param headerCharset the Content-Type charset, or null
     */
    public Extraction extract(byte[] body, String mediaType, String headerCharset, String baseUrl) {
        String type = mediaType == null ? sniff(body) : mediaType.toLowerCase(Locale.ROOT);
        boolean markup = !type.equals("application/pdf");
        if (markup && body.length > limits.maxMarkupBytes()) {
            return Extraction.refused(
                    "too-large",
                    "the page is " + body.length + " bytes, more than the " + limits.maxMarkupBytes() + " parsed");
        }
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        ExtractedDocument doc;
        try {
            switch (type) {
                case "text/html", "application/xhtml+xml" ->
                    doc = html.extract(CharsetSniffer.decode(body, headerCharset, true), baseUrl, deadline);
                case "text/plain" -> doc = plain.extract(CharsetSniffer.decode(body, headerCharset, false), false);
                case "text/markdown", "text/x-markdown" ->
                    doc = plain.extract(CharsetSniffer.decode(body, headerCharset, false), true);
                case "application/pdf" -> {
                    try {
                        doc = pdf.extract(body, limits, deadline);
                    } catch (ExtractionStopped e) {
                        throw e;
                    } catch (IOException | RuntimeException e) {
                        return Extraction.refused("unreadable", "cannot read the PDF: " + e.getMessage());
                    }
                }
                default -> {
                    return Extraction.refused("unsupported-type", "cannot extract text from " + type);
                }
            }
        } catch (ExtractionStopped e) {
            return Extraction.refused(e.reason(), e.getMessage());
        } catch (StackOverflowError e) {
            return Extraction.refused("unreadable", "the page nests too deeply to be read");
        }
        if (doc.text().length() > limits.maxTextChars()) {
            return Extraction.refused(
                    "too-large",
                    "the page holds " + doc.text().length() + " characters of text, more than "
                            + limits.maxTextChars());
        }
        return new Extraction(doc, null, null);
    }

    /** True when {@code version} is what this build's extractor produces for some type (not an older version). */
    public static boolean isCurrentVersion(String version) {
        return java.util.Set.of(
                        HtmlExtractor.VERSION,
                        PlainTextExtractor.TEXT_VERSION,
                        PlainTextExtractor.MARKDOWN_VERSION,
                        PdfExtractor.VERSION)
                .contains(version);
    }

    /** The extractor version that {@link #extract} uses for a media type, or null when unsupported. */
    public static String versionFor(String mediaType) {
        if (mediaType == null) return null;
        return switch (mediaType.toLowerCase(Locale.ROOT)) {
            case "text/html", "application/xhtml+xml" -> HtmlExtractor.VERSION;
            case "text/plain" -> PlainTextExtractor.TEXT_VERSION;
            case "text/markdown", "text/x-markdown" -> PlainTextExtractor.MARKDOWN_VERSION;
            case "application/pdf" -> PdfExtractor.VERSION;
            default -> null;
        };
    }

    private static String sniff(byte[] body) {
        if (body.length >= 5
                && body[0] == '%'
                && body[1] == 'P'
                && body[2] == 'D'
                && body[3] == 'F'
                && body[4] == '-') {
            return "application/pdf";
        }
        return "text/html";
    }
}
