package io.renvoi.common.extract;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/** A reader that stops its parser with {@link ExtractionStopped} once the extraction's deadline has passed. */
final class DeadlineReader extends FilterReader {
    private final long deadline;

    DeadlineReader(Reader in, long deadlineNanos) {
        super(in);
        this.deadline = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        ExtractionStopped.check(deadline);
        return super.read();
    }

    @Override
    public int read(char[] buffer, int off, int len) throws IOException {
        ExtractionStopped.check(deadline);
        return super.read(buffer, off, len);
    }
}
