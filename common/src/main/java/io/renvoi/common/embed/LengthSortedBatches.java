package io.renvoi.common.embed;

import io.renvoi.common.threads.DaemonThreads;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Shares texts' token ids out to model calls: sorted by length, so that each batch holds texts of similar lengths
 * and little of it is padding, {@code batchSize} at a time, on the caller's thread alone or with up to
 * {@code parallelCalls - 1} helper threads each taking the next batch. Reads token ids; writes one vector per text
 * at the text's position, whatever order the batches ran in. Used by {@link OnnxEmbedder}.
 */
final class LengthSortedBatches implements AutoCloseable {
    private final int batchSize;
    private final int parallelCalls;
    /** Runs the model calls beyond the caller's own when {@code parallelCalls > 1}; null otherwise. */
    private final ExecutorService helpers;

    LengthSortedBatches(int batchSize, int parallelCalls) {
        this.batchSize = batchSize;
        this.parallelCalls = parallelCalls;
        this.helpers = parallelCalls > 1
                ? Executors.newFixedThreadPool(parallelCalls - 1, DaemonThreads.named("embed-call"))
                : null;
    }

    int batchSize() {
        return batchSize;
    }

    int parallelCalls() {
        return parallelCalls;
    }

    /** One vector per row of {@code ids}, in their order; {@code call} embeds one batch (one vector per row). */
    float[][] run(long[][] ids, Function<long[][], float[][]> call) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        float[][] vectors = new float[ids.length][];
        int batches = (order.length + batchSize - 1) / batchSize;
        if (helpers == null || batches <= 1) {
            for (int b = 0; b < batches; b++) {
                runBatch(b, order, ids, vectors, call);
            }
        } else {
            runInParallel(batches, order, ids, vectors, call);
        }
        return vectors;
    }

    /**
     * The caller and up to {@code parallelCalls - 1} helpers each take the next batch until none is left, so
     * the batches (shortest first) spread evenly whatever their lengths; returns when every batch is done.
     */
    private void runInParallel(
            int batches, Integer[] order, long[][] ids, float[][] vectors, Function<long[][], float[][]> call) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(batches);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        runBatch(b, order, ids, vectors, call);
                    }
                } catch (RuntimeException | Error e) {
                    // recorded for the caller, whichever thread ran the batch; an Error too, or a vector would be
                    // missing
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 0; h < Math.min(parallelCalls, batches) - 1; h++) {
            helpers.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Runs batch number {@code b} of the length-sorted rows and stores its vectors at the rows' positions. */
    private void runBatch(int b, Integer[] order, long[][] ids, float[][] vectors, Function<long[][], float[][]> call) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        long[][] batchIds = new long[to - from][];
        for (int i = from; i < to; i++) {
            batchIds[i - from] = ids[order[i]];
        }
        float[][] out = call.apply(batchIds);
        for (int i = from; i < to; i++) {
            vectors[order[i]] = out[i - from];
        }
    }

    /** Stops the helper threads. */
    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }
}
