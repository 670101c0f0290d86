package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.PoisonRecordException;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.outage.TransientFailures;
import io.renvoi.embed.index.ChunkIndexWriter;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes rag.documents in batches: embeds the chunks of every UPSERT of a batch in one embedder call, then
 * hands the batch to a single writer thread that bulk-writes it to rag-chunks, removes older epochs, applies
 * DELETEs in order and publishes rag.indexed, while the consumer thread embeds the next batch (at most one
 * batch written at a time, batches written in order). A batch is acknowledged (offsets committed) only after
 * OpenSearch acknowledged its writes; while OpenSearch is unreachable the batch is retried with backoff, which
 * pauses consumption. Poison records go to rag.documents.dlq.
 */
@ApplicationScoped
public class DocumentConsumer {
    public static final String CHANNEL = "documents";
    private static final Logger LOG = Logger.getLogger(DocumentConsumer.class);
    private static final long MAX_BACKOFF_MS = 10_000;
    /** Tries of a whole batch failing for a non-transient reason before records are tried one by one. */
    private static final int PERMANENT_FAILURE_TRIES = 3;
    /** Bounds of a sane document; larger ones are poison records (the chunker never makes them). */
    private static final int MAX_CHUNKS = 10_000;

    private static final int MAX_CHUNK_CHARS = 20_000;

    private final Embedder embedder;
    private final ChunkIndexWriter index;
    private final IndexedPublisher indexed;
    private final DeadLetterPublisher deadLetters;

    private final Counter chunksIndexed;
    private final Counter deadLettered;
    private final DistributionSummary batchSize;
    private final Timer embedding;
    private final Timer bulkWrite;
    private final DistributionSummary embeddingCallChunks;
    /** Writes batches one at a time, in order, while the consumer thread embeds the next one. */
    private final ExecutorService writeStage =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "embed-index-writer"));

    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    DocumentConsumer(
            Embedder embedder,
            ChunkIndexWriter index,
            IndexedPublisher indexed,
            DeadLetterPublisher deadLetters,
            MeterRegistry meters) {
        this.embedder = embedder;
        this.index = index;
        this.indexed = indexed;
        this.deadLetters = deadLetters;
        this.chunksIndexed = meters.counter("renvoi.embed.chunks.indexed");
        this.deadLettered = meters.counter("renvoi.embed.dead.lettered");
        this.batchSize =
                DistributionSummary.builder("renvoi.embed.batch.records").register(meters);
        this.embedding = Timer.builder("renvoi.embed.embedding").register(meters);
        this.bulkWrite = Timer.builder("renvoi.embed.bulk.write").register(meters);
        this.embeddingCallChunks =
                DistributionSummary.builder("renvoi.embed.embedding.chunks").register(meters);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Decoded> events = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                DocumentEvent event = EventJson.decode(record.getPayload(), DocumentEvent.class);
                validate(event);
                events.add(new Decoded(record.getKey(), record.getPayload(), event));
            } catch (PoisonRecordException e) {
                deadLetter(record.getKey(), record.getPayload(), e.getMessage());
            }
        }
        batchSize.record(events.size());
        // Embedding needs no index state: it runs while the previous batch is still being written.
        Map<DocumentEvent, List<float[]>> vectors = embedAhead(events);
        awaitWrite(inFlight);
        inFlight = CompletableFuture.runAsync(() -> writeAndAck(batch, events, vectors), writeStage);
        // Acknowledged by writeAndAck once OpenSearch acknowledged the writes (manual acknowledgement).
        return CompletableFuture.completedFuture(null);
    }

    /** Writes a batch, retrying while OpenSearch is unreachable, then acknowledges it (offsets get committed). */
    private void writeAndAck(
            KafkaRecordBatch<String, String> batch, List<Decoded> events, Map<DocumentEvent, List<float[]>> vectors) {
        long backoff = 200;
        int permanentFailures = 0;
        while (true) {
            try {
                if (permanentFailures < PERMANENT_FAILURE_TRIES) {
                    process(events, vectors);
                } else {
                    processOneByOne(events, vectors);
                }
                batch.ack();
                return;
            } catch (IOException | RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    permanentFailures++;
                }
                LOG.warnf(
                        "indexing batch of %d failed (%s); retrying in %d ms", events.size(), e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    /** Waits until the previous batch is written: batches are written one at a time, in order. */
    private static void awaitWrite(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException | CancellationException e) {
            // Its records stay unacknowledged, so their offsets are never committed: they are consumed again.
            LOG.errorf(e, "writing a batch stopped before it was acknowledged");
        }
    }

    /**
     * The vectors of every UPSERT that is the newest of its document in the batch, all chunks in one embedding
     * call (the embedder runs them in model batches of its configured size). Empty if embedding fails: the
     * write stage then embeds document by document and can dead-letter the one that fails.
     */
    private Map<DocumentEvent, List<float[]>> embedAhead(List<Decoded> events) {
        Map<String, DocumentEvent> newest = new HashMap<>();
        for (Decoded d : events) {
            if (d.event.type() == DocumentEvent.Type.UPSERT) {
                newest.merge(d.event.docId(), d.event, (a, b) -> b.epoch() >= a.epoch() ? b : a);
            }
        }
        List<DocumentEvent> docs = events.stream()
                .map(Decoded::event)
                .filter(e -> newest.get(e.docId()) == e)
                .toList();
        try {
            return embed(docs);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "embedding a batch of %d documents failed (%s); embedding them one by one",
                    docs.size(), e.getMessage());
            return Map.of();
        }
    }

    @PreDestroy
    void stop() {
        writeStage.shutdown();
        try {
            if (!writeStage.awaitTermination(10, TimeUnit.SECONDS)) {
                writeStage.shutdownNow();
            }
        } catch (InterruptedException e) {
            writeStage.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a batch failed for a reason retrying does not fix: each record alone; those that still fail
     * that way are dead-lettered, an outage is thrown back to the batch's retry loop.
     */
    private void processOneByOne(List<Decoded> events, Map<DocumentEvent, List<float[]>> vectors) throws IOException {
        for (Decoded d : events) {
            try {
                process(List.of(d), vectors);
            } catch (IOException | RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                deadLetter(d.key, d.payload, "indexing failed: " + e.getMessage());
            }
        }
    }

    private void deadLetter(String key, String payload, String reason) {
        deadLettered.increment();
        deadLetters.publish(key, payload, reason);
    }

    private void process(List<Decoded> events, Map<DocumentEvent, List<float[]>> vectors) throws IOException {
        List<CompletableFuture<Void>> published = new ArrayList<>();
        List<Decoded> pending = new ArrayList<>();
        for (Decoded d : events) {
            if (d.event.type() == DocumentEvent.Type.DELETE) {
                flush(pending, vectors, published);
                pending.clear();
                index.delete(d.event.docId());
                published.add(indexed.publish(new IndexedEvent(
                        d.event.docId(),
                        d.event.url(),
                        d.event.collection(),
                        d.event.epoch(),
                        0,
                        IndexedEvent.Outcome.DELETED,
                        d.event.jobId(),
                        d.event.reason(),
                        null)));
            } else {
                pending.add(d);
            }
        }
        flush(pending, vectors, published);
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
    }

    private void flush(
            List<Decoded> upserts, Map<DocumentEvent, List<float[]>> embedded, List<CompletableFuture<Void>> published)
            throws IOException {
        if (upserts.isEmpty()) {
            return;
        }
        List<DocumentEvent> fresh = new ArrayList<>();
        Map<String, Long> previousEpochs = new HashMap<>();
        Map<String, Long> indexedEpochs =
                index.indexedEpochs(upserts.stream().map(d -> d.event.docId()).toList());
        // Several upserts of one document in a batch: only the newest epoch (the last one, on a tie) is written.
        Map<String, Decoded> newest = new HashMap<>();
        for (Decoded d : upserts) {
            newest.merge(d.event.docId(), d, (a, b) -> b.event.epoch() >= a.event.epoch() ? b : a);
        }
        for (Decoded d : upserts) {
            long current = indexedEpochs.getOrDefault(d.event.docId(), -1L);
            if (newest.get(d.event.docId()) != d || current > d.event.epoch()) {
                published.add(indexed.publish(
                        outcome(d.event, IndexedEvent.Outcome.STALE, "a newer epoch is indexed or in this batch")));
            } else {
                fresh.add(d.event);
                previousEpochs.put(d.event.docId(), current);
            }
        }
        Map<String, float[]> vectors = vectorsByChunkId(fresh, embedded);
        try {
            long start = System.nanoTime();
            index.write(fresh, vectors);
            bulkWrite.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ChunkIndexWriter.BulkWriteException e) {
            fresh = writeOneByOne(fresh, vectors, upserts);
        }
        for (DocumentEvent doc : fresh) {
            long previous = previousEpochs.getOrDefault(doc.docId(), -1L);
            if (previous >= 0 && previous < doc.epoch()) {
                index.removeOlderEpochs(doc.docId(), doc.epoch());
            }
            chunksIndexed.increment(doc.chunks().size());
            published.add(indexed.publish(outcome(doc, IndexedEvent.Outcome.INDEXED, null)));
        }
    }

    /** After a partly failed bulk: the documents that still fail alone are dead-lettered. */
    private List<DocumentEvent> writeOneByOne(List<DocumentEvent> docs, Map<String, float[]> vectors, List<Decoded> raw)
            throws IOException {
        List<DocumentEvent> written = new ArrayList<>();
        for (DocumentEvent doc : docs) {
            try {
                index.write(List.of(doc), vectors);
                written.add(doc);
            } catch (ChunkIndexWriter.BulkWriteException e) {
                String payload = raw.stream()
                        .filter(r -> r.event == doc)
                        .map(r -> r.payload)
                        .findFirst()
                        .orElse(null);
                deadLetter(doc.docId(), payload, e.getMessage());
            }
        }
        return written;
    }

    /** The vectors of the documents' chunks by chunk id: those embedded ahead, the others embedded now. */
    private Map<String, float[]> vectorsByChunkId(
            List<DocumentEvent> docs, Map<DocumentEvent, List<float[]>> embedded) {
        List<DocumentEvent> missing =
                docs.stream().filter(d -> !embedded.containsKey(d)).toList();
        Map<DocumentEvent, List<float[]>> now = embed(missing);
        Map<String, float[]> byId = new HashMap<>();
        for (DocumentEvent doc : docs) {
            List<float[]> vectors = embedded.containsKey(doc) ? embedded.get(doc) : now.get(doc);
            for (int i = 0; i < doc.chunks().size(); i++) {
                byId.put(DocumentIds.chunkId(doc.docId(), doc.chunks().get(i).ord()), vectors.get(i));
            }
        }
        return byId;
    }

    /** All chunks of the documents in one embedding call; each document's vectors in chunk order. */
    private Map<DocumentEvent, List<float[]>> embed(List<DocumentEvent> docs) {
        Map<DocumentEvent, List<float[]>> byDoc = new IdentityHashMap<>();
        List<String> texts = new ArrayList<>();
        for (DocumentEvent doc : docs) {
            for (ChunkRef chunk : doc.chunks()) {
                texts.add(chunk.text());
            }
        }
        if (texts.isEmpty()) {
            docs.forEach(d -> byDoc.put(d, List.of()));
            return byDoc;
        }
        embeddingCallChunks.record(texts.size());
        List<float[]> vectors = embedding.record(() -> embedder.embed(texts));
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException(
                    "embedder returned " + vectors.size() + " vectors for " + texts.size() + " texts");
        }
        int next = 0;
        for (DocumentEvent doc : docs) {
            byDoc.put(doc, vectors.subList(next, next + doc.chunks().size()));
            next += doc.chunks().size();
        }
        return byDoc;
    }

    private static void validate(DocumentEvent event) {
        if (event.type() == null || event.docId() == null || event.docId().isBlank()) {
            throw new PoisonRecordException("document event without type or docId");
        }
        if (event.type() == DocumentEvent.Type.UPSERT) {
            if (event.url() == null || event.collection() == null) {
                throw new PoisonRecordException("UPSERT without url or collection");
            }
            if (event.chunks().size() > MAX_CHUNKS) {
                throw new PoisonRecordException(
                        "document has " + event.chunks().size() + " chunks, more than " + MAX_CHUNKS);
            }
            for (ChunkRef c : event.chunks()) {
                if (c.text() != null && c.text().length() > MAX_CHUNK_CHARS) {
                    throw new PoisonRecordException(
                            "chunk " + c.ord() + " is longer than " + MAX_CHUNK_CHARS + " characters");
                }
                if (c.text() == null || c.start() < 0 || c.end() < c.start()) {
                    throw new PoisonRecordException("chunk " + c.ord() + " has no text or bad offsets");
                }
            }
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
                outcome == IndexedEvent.Outcome.INDEXED ? Embedder.EMBEDDING_VERSION : null);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private record Decoded(String key, String payload, DocumentEvent event) {}
}
