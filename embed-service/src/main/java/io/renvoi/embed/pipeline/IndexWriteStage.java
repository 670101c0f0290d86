package io.renvoi.embed.pipeline;

import io.renvoi.common.events.DocumentEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The writer thread ({@code embed-index-writer}): writes batches one at a time, in order, while the consumer thread
 * embeds the next one. Handing a batch over waits for the one in writing, which pauses consumption while a write
 * is retried. Reads the batches handed over; writes them through {@link BatchWriteRetries}.
 */
final class IndexWriteStage {
    private static final Logger LOG = Logger.getLogger(IndexWriteStage.class);

    private final BatchWriteRetries writes;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "embed-index-writer"));
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    IndexWriteStage(BatchWriteRetries writes) {
        this.writes = writes;
    }

    /** Waits until the previous batch is written, then starts writing this one and returns. */
    void handOver(
            KafkaRecordBatch<String, String> batch,
            List<DecodedDocument> documents,
            Map<DocumentEvent, List<float[]>> vectors) {
        awaitWrite(inFlight);
        inFlight = CompletableFuture.runAsync(() -> writes.writeAndAck(batch, documents, vectors), thread);
    }

    private static void awaitWrite(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException | CancellationException e) {
            // Its records stay unacknowledged, so their offsets are never committed: they are consumed again.
            LOG.errorf(e, "writing a batch stopped before it was acknowledged");
        }
    }

    /** Lets the batch in writing finish for up to 10 s, then interrupts it (left unacknowledged, it is consumed again). */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
