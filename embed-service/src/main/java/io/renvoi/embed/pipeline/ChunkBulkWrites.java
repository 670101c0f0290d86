package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.embed.index.ChunkIndexWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bulk-writes the chunks of document epochs to rag-chunks in one request (timed: {@code renvoi.embed.bulk.write});
 * after a partly failed bulk, writes the documents one by one and dead-letters those that still fail. Reads the
 * vectors it is given; writes rag-chunks and rag.documents.dlq. An outage is thrown to the caller.
 */
final class ChunkBulkWrites {
    private final ChunkIndexWriter index;
    private final DeadLetters deadLetters;
    private final Timer bulkWrite;

    ChunkBulkWrites(ChunkIndexWriter index, DeadLetters deadLetters, MeterRegistry meters) {
        this.index = index;
        this.deadLetters = deadLetters;
        this.bulkWrite = Timer.builder("renvoi.embed.bulk.write").register(meters);
    }

    /** The documents written: all of them, or those that were written one by one after a partial failure. */
    List<DocumentEvent> write(List<DocumentEvent> docs, Map<String, float[]> vectors, List<DecodedDocument> records)
            throws IOException {
        try {
            long start = System.nanoTime();
            index.write(docs, vectors);
            bulkWrite.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return docs;
        } catch (ChunkIndexWriter.BulkWriteException e) {
            return writeOneByOne(docs, vectors, records);
        }
    }

    private List<DocumentEvent> writeOneByOne(
            List<DocumentEvent> docs, Map<String, float[]> vectors, List<DecodedDocument> records) throws IOException {
        List<DocumentEvent> written = new ArrayList<>();
        for (DocumentEvent doc : docs) {
            try {
                index.write(List.of(doc), vectors);
                written.add(doc);
            } catch (ChunkIndexWriter.BulkWriteException e) {
                String payload = records.stream()
                        .filter(r -> r.event() == doc)
                        .map(DecodedDocument::payload)
                        .findFirst()
                        .orElse(null);
                deadLetters.send(doc.docId(), payload, e.getMessage());
            }
        }
        return written;
    }
}
