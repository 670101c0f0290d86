package io.renvoi.embed.pipeline;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.PoisonRecordException;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and validates the records of a rag.documents batch. A poison record (not a {@link DocumentEvent}, fields
 * missing, beyond the bounds of a sane document) goes to rag.documents.dlq and the batch goes on without it.
 * Reads the batch's records; writes only dead letters.
 */
final class DocumentDecoder {
    /** Bounds of a sane document; larger ones are poison records (the chunker never makes them). */
    private static final int MAX_CHUNKS = 10_000;

    private static final int MAX_CHUNK_CHARS = 20_000;

    private final DeadLetters deadLetters;

    DocumentDecoder(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The batch's valid documents, in record order. */
    List<DecodedDocument> decode(KafkaRecordBatch<String, String> batch) {
        List<DecodedDocument> documents = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                DocumentEvent event = EventJson.decode(record.getPayload(), DocumentEvent.class);
                validate(event);
                documents.add(new DecodedDocument(record.getKey(), record.getPayload(), event));
            } catch (PoisonRecordException e) {
                deadLetters.send(record.getKey(), record.getPayload(), e.getMessage());
            }
        }
        return documents;
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
}
