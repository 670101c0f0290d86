package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.embed.index.ChunkIndexWriter;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes rag.documents in batches and runs them through the stages: on the consumer thread, decoding
 * ({@link DocumentDecoder}, poison records to rag.documents.dlq) and embedding ahead ({@link BatchEmbedder}); then
 * the writer thread ({@link IndexWriteStage}), which writes rag-chunks and rag.indexed and acknowledges the batch
 * once OpenSearch acknowledged its writes ({@link BatchWriteRetries}, {@link BatchIndexer}). Records
 * {@code renvoi.embed.batch.records} (valid documents a batch).
 */
@ApplicationScoped
public class DocumentConsumer {
    public static final String CHANNEL = "documents-in";

    private final DocumentDecoder decoder;
    private final BatchEmbedder embedder;
    private final IndexWriteStage writer;
    private final DistributionSummary batchSize;

    DocumentConsumer(
            Embedder embedder,
            ChunkIndexWriter index,
            IndexedPublisher indexed,
            DeadLetterPublisher deadLetterPublisher,
            MeterRegistry meters) {
        DeadLetters deadLetters = new DeadLetters(deadLetterPublisher, meters);
        this.decoder = new DocumentDecoder(deadLetters);
        this.embedder = new BatchEmbedder(embedder, meters);
        BatchIndexer indexer = new BatchIndexer(
                index, indexed, this.embedder, new ChunkBulkWrites(index, deadLetters, meters), meters);
        this.writer = new IndexWriteStage(new BatchWriteRetries(indexer, deadLetters));
        this.batchSize =
                DistributionSummary.builder("renvoi.embed.batch.records").register(meters);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<DecodedDocument> documents = decoder.decode(batch);
        batchSize.record(documents.size());
        // Embedding needs no index state: it runs while the previous batch is still being written.
        Map<DocumentEvent, List<float[]>> vectors = embedder.embedAhead(documents);
        writer.handOver(batch, documents, vectors);
        // Acknowledged by the writer thread once OpenSearch acknowledged the writes (manual acknowledgement).
        return CompletableFuture.completedFuture(null);
    }

    @PreDestroy
    void stop() {
        writer.stop();
    }
}
