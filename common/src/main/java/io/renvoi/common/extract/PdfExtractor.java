package io.renvoi.common.extract;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Text of a PDF with Apache PDFBox 3: pages in order, text in content-stream order (no position sorting,
 * which is slower and less stable), line endings {@code \n}, pages separated by a blank line. The title is
 * the document information's title when set. Bump {@link #VERSION} when PDFBox or these settings change.
 */
public final class PdfExtractor {
    public static final String VERSION = "pdf-1";

    /** @throws IOException when the bytes are not a readable PDF (encrypted, corrupt) */
    public ExtractedDocument extract(byte[] pdf) throws IOException {
        return extract(pdf, ExtractLimits.defaults(), ExtractionStopped.noDeadline());
    }

    /**
     * Bounded: PDFBox's stream memory is capped, and the deadline and text length are checked at every page
     * and every piece of text written, stopping with {@link ExtractionStopped}.
     */
    ExtractedDocument extract(byte[] pdf, ExtractLimits limits, long deadline) throws IOException {
        try (PDDocument doc = Loader.loadPDF(
                pdf, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(limits.maxPdfMemoryBytes()).streamCache)) {
            if (doc.isEncrypted()) {
                throw new IOException("encrypted PDF");
            }
            PDFTextStripper stripper = new BoundedStripper(limits.maxTextChars(), deadline);
            stripper.setSortByPosition(false);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd("\n\n");
            String text = stripper.getText(doc)
                    .replace("\r\n", "\n")
                    .replaceAll("[ \\t]+\\n", "\n")
                    .replaceAll("\\n{3,}", "\n\n")
                    .strip();
            String title = doc.getDocumentInformation() == null
                    ? null
                    : doc.getDocumentInformation().getTitle();
            return new ExtractedDocument(
                    title == null || title.isBlank() ? null : title.strip(), text, null, false, VERSION);
        }
    }

    /** A text stripper that stops at the deadline or past the text limit instead of running on. */
    private static final class BoundedStripper extends PDFTextStripper {
        private final int maxChars;
        private final long deadline;
        private long written;

        BoundedStripper(int maxChars, long deadline) {
            this.maxChars = maxChars;
            this.deadline = deadline;
        }

        @Override
        protected void startPage(PDPage page) throws IOException {
            ExtractionStopped.check(deadline);
            super.startPage(page);
        }

        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            written += text.length();
            if (written > maxChars) {
                throw new ExtractionStopped("too-large", "the PDF holds more than " + maxChars + " characters of text");
            }
            ExtractionStopped.check(deadline);
            super.writeString(text, positions);
        }
    }
}
