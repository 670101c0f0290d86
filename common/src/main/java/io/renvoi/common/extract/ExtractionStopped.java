package io.renvoi.common.extract;

/**
 * Thrown from inside a parser (through a {@link DeadlineReader} or a PDF page callback) when an extraction
 * passes its time or size limit; {@link ContentExtractor} turns it into a refusal with {@link #reason()}.
 */
final class ExtractionStopped extends RuntimeException {
    private final String reason;

    ExtractionStopped(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    static ExtractionStopped timeout() {
        return new ExtractionStopped("timeout", "extraction took longer than its time limit");
    }

    String reason() {
        return reason;
    }

    /**
     * A deadline for callers without a time limit (tools, tests): a year away, so that comparing nanoTime
     * differences cannot overflow (Long.MAX_VALUE would, whenever nanoTime is negative).
     */
    static long noDeadline() {
        return System.nanoTime() + java.util.concurrent.TimeUnit.DAYS.toNanos(365);
    }

    /** Stops when the deadline ({@link System#nanoTime()} scale) has passed. */
    static void check(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw timeout();
        }
    }
}
