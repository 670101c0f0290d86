package io.renvoi.common.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/** Dispatch by media type, charset detection, PDF, Markdown, refusals, determinism. */
class ContentExtractorTest {
    private final ContentExtractor extractor = new ContentExtractor();

    @Test
    void charsetFromHeaderBomAndMeta() {
        String french = "<html><body><p>Fresnel a inventé la lentille à échelons.</p></body></html>";
        byte[] latin1 = french.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(text(latin1, "text/html", "ISO-8859-1")).contains("inventé la lentille à échelons");

        byte[] meta =
                ("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 \u2013 na\u00efve</p></body></html>")
                        .getBytes(Charset.forName("windows-1252"));
        assertThat(text(meta, "text/html", null)).isEqualTo("Caf\u00e9 \u2013 na\u00efve");

        byte[] httpEquiv =
                ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>"
                                + "<body><p>\u00e9t\u00e9</p></body></html>")
                        .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(text(httpEquiv, "text/html", null)).isEqualTo("\u00e9t\u00e9");

        // A BOM wins over a wrong header.
        byte[] utf8 = "<p>\u00e9t\u00e9</p>".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertThat(text(bom, "text/html", "iso-8859-1")).isEqualTo("\u00e9t\u00e9");

        byte[] utf16 = "\ufeffplain \u00e9t\u00e9".getBytes(StandardCharsets.UTF_16LE);
        assertThat(text(utf16, "text/plain", null)).isEqualTo("plain \u00e9t\u00e9");
    }

    @Test
    void markdownAndPlainTextAreKeptAsText() {
        ContentExtractor.Extraction md = extractor.extract(
                "# Lighthouses\r\n\r\nThe *Fresnel* lens.\r\n".getBytes(StandardCharsets.UTF_8),
                "text/markdown",
                null,
                null);
        assertThat(md.document().title()).isEqualTo("Lighthouses");
        assertThat(md.document().text()).isEqualTo("# Lighthouses\n\nThe *Fresnel* lens.");
        assertThat(md.document().extractorVersion()).isEqualTo("markdown-1");

        ContentExtractor.Extraction txt = extractor.extract(
                "\n  First line\nsecond\n".getBytes(StandardCharsets.UTF_8), "text/plain", null, null);
        assertThat(txt.document().title()).isEqualTo("First line");
        assertThat(txt.document().extractorVersion()).isEqualTo("text-1");
    }

    @Test
    void pdfTextThroughPdfBox() throws Exception {
        byte[] pdf = pdf("Augustin Fresnel designed the lens in 1822.");
        ContentExtractor.Extraction e = extractor.extract(pdf, "application/pdf", null, null);
        assertThat(e.ok()).isTrue();
        assertThat(e.document().text()).contains("Augustin Fresnel designed the lens in 1822.");
        assertThat(e.document().title()).isEqualTo("Lenses");
        assertThat(e.document().extractorVersion()).isEqualTo("pdf-1");
        // Sniffed without a Content-Type, and deterministic.
        assertThat(extractor.extract(pdf, null, null, null).document()).isEqualTo(e.document());

        ContentExtractor.Extraction broken = extractor.extract(
                "%PDF-1.7 garbage".getBytes(StandardCharsets.US_ASCII), "application/pdf", null, null);
        assertThat(broken.reason()).isEqualTo("unreadable");
    }

    @Test
    void unsupportedTypesAndNoindexAreReported() {
        ContentExtractor.Extraction img = extractor.extract(new byte[] {1, 2}, "image/png", null, null);
        assertThat(img.ok()).isFalse();
        assertThat(img.reason()).isEqualTo("unsupported-type");
        ContentExtractor.Extraction noindex = extractor.extract(
                "<html><head><meta name=\"robots\" content=\"noindex, follow\"></head><body><p>x</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8),
                "text/html",
                null,
                null);
        assertThat(noindex.document().noindex()).isTrue();
    }

    @Test
    void sameBytesGiveTheSameText() {
        byte[] html =
                "<html><body><nav>menu</nav><main><h1>T</h1><p>One.</p><script>x()</script><p>Two.</p></main></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
        ExtractedDocument a =
                extractor.extract(html, "text/html", null, "http://127.0.0.1/").document();
        ExtractedDocument b = extractor
                .extract(html.clone(), "text/html", null, "http://127.0.0.1/")
                .document();
        assertThat(a).isEqualTo(b);
        assertThat(a.text()).isEqualTo("T\n\nOne.\n\nTwo.");
        assertThat(a.extractorVersion())
                .isEqualTo(HtmlExtractor.VERSION)
                .isEqualTo(ContentExtractor.versionFor("text/html"));
    }

    private String text(byte[] body, String type, String charset) {
        return extractor.extract(body, type, charset, null).document().text();
    }

    static byte[] pdf(String line) throws Exception {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            doc.getDocumentInformation().setTitle("Lenses");
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.beginText();
                s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                s.newLineAtOffset(72, 700);
                s.showText(line);
                s.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
