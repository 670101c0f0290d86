package io.renvoi.common.fetch;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and stops with {@link LimitExceeded} once more than {@code limit}
 * arrive, or with {@link DeadlinePassed} once the fetch's total time is over (a server dripping one byte
 * per read timeout cannot hold a worker forever). Used twice for gzip: on the wire and after inflation.
 */
final class BoundedInputStream extends FilterInputStream {
    /** More bytes than allowed. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    /** The fetch's total time ran out while reading. */
    static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("deadline passed");
        }
    }

    private final long limit;
    private final long deadline;
    private long count;

    BoundedInputStream(InputStream in, long limit, long deadlineNanos) {
        super(in);
        this.limit = limit;
        this.deadline = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new DeadlinePassed();
        }
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new LimitExceeded("body larger than " + limit + " bytes");
            }
        }
        return n;
    }

    byte[] readAllBytesBounded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
