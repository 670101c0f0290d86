package io.renvoi.embed.pipeline;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.outage.Retrying;
import io.renvoi.common.outage.TransientFailures;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes a batch until it is written, then acknowledges it (its offsets get committed only then). Every failure is
 * retried with backoff (200 ms doubling to 10 s), for as long as OpenSearch or Kafka is unreachable
 * ({@link TransientFailures}); after three failures that retrying does not fix, the documents are written one by
 * one and those that still fail so are dead-lettered. Reads nothing itself; writes through {@link BatchIndexer},
 * acknowledges the batch on rag.documents, dead-letters to rag.documents.dlq.
 */
final class BatchWriteRetries {
    private static final Logger LOG = Logger.getLogger(BatchWriteRetries.class);
    private static final long MAX_BACKOFF_MS = 10_000;
    /** Tries of a whole batch failing for a non-transient reason before records are tried one by one. */
    private static final int PERMANENT_FAILURE_TRIES = 3;

    private final BatchIndexer indexer;
    private final DeadLetters deadLetters;

    BatchWriteRetries(BatchIndexer indexer, DeadLetters deadLetters) {
        this.indexer = indexer;
        this.deadLetters = deadLetters;
    }

    void writeAndAck(
            KafkaRecordBatch<String, String> batch,
            List<DecodedDocument> documents,
            Map<DocumentEvent, List<float[]>> vectors) {
        long backoff = 200;
        int permanentFailures = 0;
        while (true) {
            try {
                if (permanentFailures < PERMANENT_FAILURE_TRIES) {
                    indexer.apply(documents, vectors);
                } else {
                    writeOneByOne(documents, vectors);
                }
                batch.ack();
                return;
            } catch (IOException | RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    permanentFailures++;
                }
                LOG.warnf(
                        "indexing batch of %d failed (%s); retrying in %d ms",
                        documents.size(), e.getMessage(), backoff);
                Retrying.pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    /**
     * After a batch failed for a reason retrying does not fix: each record alone; those that still fail
     * that way are dead-lettered, an outage is thrown back to the batch's retry loop.
     */
    private void writeOneByOne(List<DecodedDocument> documents, Map<DocumentEvent, List<float[]>> vectors)
            throws IOException {
        for (DecodedDocument d : documents) {
            try {
                indexer.apply(List.of(d), vectors);
            } catch (IOException | RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                deadLetters.send(d.key(), d.payload(), "indexing failed: " + e.getMessage());
            }
        }
    }
}
