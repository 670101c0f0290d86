package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.embed.index.ChunkIndexWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Applies a batch's document events to rag-chunks in order and reports each outcome on rag.indexed. A DELETE removes
 * every chunk of its document (DELETED). The UPSERTs between two DELETEs are checked against the indexed epochs
 * ({@link EpochCheck}: a late one is reported STALE), the others written ({@link ChunkBulkWrites}) with the vectors
 * embedded ahead or now ({@link BatchEmbedder}), their older epochs removed, and reported INDEXED. Returns once
 * Kafka acknowledged every rag.indexed event. Reads and writes rag-chunks; writes rag.indexed; counts
 * {@code renvoi.embed.chunks.indexed}.
 */
final class BatchIndexer {
    private final ChunkIndexWriter index;
    private final IndexedPublisher indexed;
    private final BatchEmbedder embedder;
    private final ChunkBulkWrites bulkWrites;
    private final Counter chunksIndexed;

    BatchIndexer(
            ChunkIndexWriter index,
            IndexedPublisher indexed,
            BatchEmbedder embedder,
            ChunkBulkWrites bulkWrites,
            MeterRegistry meters) {
        this.index = index;
        this.indexed = indexed;
        this.embedder = embedder;
        this.bulkWrites = bulkWrites;
        this.chunksIndexed = meters.counter("renvoi.embed.chunks.indexed");
    }

    void apply(List<DecodedDocument> documents, Map<DocumentEvent, List<float[]>> vectors) throws IOException {
        List<CompletableFuture<Void>> published = new ArrayList<>();
        List<DecodedDocument> pending = new ArrayList<>();
        for (DecodedDocument d : documents) {
            if (d.event().type() == DocumentEvent.Type.DELETE) {
                upsert(pending, vectors, published);
                pending.clear();
                index.delete(d.event().docId());
                published.add(indexed.send(new IndexedEvent(
                        d.event().docId(),
                        d.event().url(),
                        d.event().collection(),
                        d.event().epoch(),
                        0,
                        IndexedEvent.Outcome.DELETED,
                        d.event().jobId(),
                        d.event().reason(),
                        null)));
            } else {
                pending.add(d);
            }
        }
        upsert(pending, vectors, published);
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
    }

    private void upsert(
            List<DecodedDocument> upserts,
            Map<DocumentEvent, List<float[]>> embedded,
            List<CompletableFuture<Void>> published)
            throws IOException {
        if (upserts.isEmpty()) {
            return;
        }
        EpochCheck epochs = EpochCheck.of(
                upserts,
                index.indexedEpochs(upserts.stream().map(d -> d.event().docId()).toList()));
        for (DecodedDocument d : epochs.stale()) {
            published.add(indexed.send(
                    outcome(d.event(), IndexedEvent.Outcome.STALE, "a newer epoch is indexed or in this batch")));
        }
        Map<String, float[]> vectors = embedder.vectorsByChunkId(epochs.fresh(), embedded);
        for (DocumentEvent doc : bulkWrites.write(epochs.fresh(), vectors, upserts)) {
            if (epochs.replacedOlderEpoch(doc)) {
                index.removeOlderEpochs(doc.docId(), doc.epoch());
            }
            chunksIndexed.increment(doc.chunks().size());
            published.add(indexed.send(outcome(doc, IndexedEvent.Outcome.INDEXED, null)));
        }
    }

    private static IndexedEvent outcome(DocumentEvent doc, IndexedEvent.Outcome outcome, String detail) {
        return new IndexedEvent(
                doc.docId(),
                doc.url(),
                doc.collection(),
                doc.epoch(),
                doc.chunks().size(),
                outcome,
                doc.jobId(),
                detail,
                outcome == IndexedEvent.Outcome.INDEXED
                        ? EmbeddingModel.configured().version()
                        : null);
    }
}
