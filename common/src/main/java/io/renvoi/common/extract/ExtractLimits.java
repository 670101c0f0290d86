package io.renvoi.common.extract;

import java.time.Duration;

/**
 * What extracting one page may cost, whatever it contains: markup larger than {@code maxMarkupBytes} is
 * refused before it is decoded or parsed (no DOM of hundreds of MB), text longer than {@code maxTextChars}
 * is refused, and parsing stops at {@code timeout} (HTML, PDF). Refusals carry the reasons {@code too-large}
 * and {@code timeout}.
 *
 * @param maxMarkupBytes largest HTML or text body parsed, in bytes (a PDF is bounded by the fetch size instead)
 * @param maxTextChars longest extracted text kept
 * @param maxPdfMemoryBytes most main memory PDFBox may use for one document's streams
 * @param timeout longest time one extraction may take
 */
public record ExtractLimits(long maxMarkupBytes, int maxTextChars, long maxPdfMemoryBytes, Duration timeout) {
    public static ExtractLimits defaults() {
        return new ExtractLimits(4L * 1024 * 1024, 1_000_000, 64L * 1024 * 1024, Duration.ofSeconds(10));
    }
}
