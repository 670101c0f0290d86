package io.renvoi.common.extract;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Text of a PDF with Apache PDFBox 3: pages in order, text in content-stream order (no position sorting,
 * which is slower and less stable), line endings {@code \n}, pages separated by a blank line. The title is
 * the document information's title when set. Bump {@link #VERSION} when PDFBox or these settings change.
 */
public final class PdfExtractor {
    public static final String VERSION = "pdf-1";

    /** @throws IOException when the bytes are not a readable PDF (encrypted, corrupt) */
    public ExtractedDocument extract(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (doc.isEncrypted()) {
                throw new IOException("encrypted PDF");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(false);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd("\n\n");
            String text = stripper.getText(doc).replace("\r\n", "\n").replaceAll("[ \\t]+\\n", "\n")
                    .replaceAll("\\n{3,}", "\n\n").strip();
            String title = doc.getDocumentInformation() == null ? null : doc.getDocumentInformation().getTitle();
            return new ExtractedDocument(title == null || title.isBlank() ? null : title.strip(), text, null, false, VERSION);
        }
    }
}
