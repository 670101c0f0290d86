package io.renvoi.common.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/** Pages cannot make extraction unbounded: markup, text and time limits each refuse with their reason. */
class ExtractLimitsTest {
    private static final byte[] PARAGRAPHS = "<html><body>"
            .concat("<p>The lamp burned whale oil until 1870.</p>".repeat(20_000))
            .concat("</body></html>")
            .getBytes(StandardCharsets.UTF_8);

    /** The {@link #PARAGRAPHS} page extracted under {@code limits}. */
    private static ContentExtractor.Extraction paragraphsWithin(ExtractLimits limits) {
        return new ContentExtractor(limits).extract(PARAGRAPHS, "text/html", "utf-8", "http://127.0.0.1/");
    }

    @Test
    void markupLargerThanTheLimitIsRefusedBeforeParsing() {
        ContentExtractor.Extraction e =
                paragraphsWithin(new ExtractLimits(500_000, 1_000_000, 64L << 20, Duration.ofSeconds(10)));
        assertThat(e.ok()).isFalse();
        assertThat(e.reason()).isEqualTo("too-large");
        assertThat(e.detail()).contains("more than the 500000 parsed");
    }

    @Test
    void textLongerThanTheLimitIsRefused() {
        ContentExtractor.Extraction e =
                paragraphsWithin(new ExtractLimits(8_000_000, 100_000, 64L << 20, Duration.ofSeconds(10)));
        assertThat(e.reason()).isEqualTo("too-large");
        assertThat(e.detail()).contains("characters of text");
        // the same page within the defaults is read
        assertThat(new ContentExtractor()
                        .extract(PARAGRAPHS, "text/html", "utf-8", null)
                        .ok())
                .isTrue();
    }

    @Test
    void parsingStopsAtTheTimeLimit() {
        ContentExtractor.Extraction e =
                paragraphsWithin(new ExtractLimits(8_000_000, 5_000_000, 64L << 20, Duration.ofMillis(1)));
        assertThat(e.reason()).isEqualTo("timeout");
    }

    @Test
    void deeplyNestedMarkupIsReadOrRefusedWithinTheTimeLimit() {
        byte[] nested = ("<html><body>" + "<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000)
                        + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        ContentExtractor.Extraction e = new ContentExtractor(
                        new ExtractLimits(4_000_000, 1_000_000, 64L << 20, Duration.ofSeconds(2)))
                .extract(nested, "text/html", "utf-8", null);
        assertThat(e.ok() ? e.document().text() : e.reason()).isIn("deep", "timeout", "unreadable");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aPdfWithMoreTextThanAllowedIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            for (int p = 0; p < 20; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.beginText();
                    s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    s.newLineAtOffset(40, 700);
                    for (int line = 0; line < 40; line++) {
                        s.showText("Line " + line + " of page " + p + ": the keeper logged the weather at dusk.");
                        s.newLineAtOffset(0, -14);
                    }
                    s.endText();
                }
            }
            doc.save(out);
        }
        ContentExtractor small =
                new ContentExtractor(new ExtractLimits(4_000_000, 5_000, 64L << 20, Duration.ofSeconds(10)));
        ContentExtractor.Extraction e = small.extract(out.toByteArray(), "application/pdf", null, null);
        assertThat(e.reason()).isEqualTo("too-large");
        assertThat(new ContentExtractor()
                        .extract(out.toByteArray(), "application/pdf", null, null)
                        .ok())
                .isTrue();
    }
}
