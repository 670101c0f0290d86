package io.renvoi.links.registry;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.PoisonRecordException;
import java.util.regex.Pattern;

/**
 * Decodes the records the link-checker consumes and refuses those that can never be processed, with a
 * {@link PoisonRecordException} (their consumer's dead-letter topic): undecodable JSON, a missing field, a document
 * id that is not one {@code DocumentIds} makes (it would end up in an OpenSearch path). Reads and writes nothing.
 */
public final class ValidRecords {
    /** A document id as {@code DocumentIds} makes them: hex. */
    public static final Pattern DOC_ID = Pattern.compile("[0-9a-f]{16,128}");

    private ValidRecords() {}

    public static IndexedEvent indexed(String json) {
        IndexedEvent e = EventJson.decode(json, IndexedEvent.class);
        docId(e.docId());
        require(e.outcome() != null, "IndexedEvent without outcome");
        if (e.outcome() == IndexedEvent.Outcome.INDEXED) {
            require(e.url() != null && e.collection() != null, "INDEXED event without url or collection");
        }
        return e;
    }

    public static DocumentEvent document(String json) {
        DocumentEvent e = EventJson.decode(json, DocumentEvent.class);
        docId(e.docId());
        require(e.type() != null, "DocumentEvent without type");
        if (e.type() == DocumentEvent.Type.UPSERT) {
            require(
                    e.url() != null && e.collection() != null && e.chunks() != null,
                    "UPSERT without url, collection or chunks");
        }
        return e;
    }

    /** Returns the id when it is one; else the record is poison. */
    public static String docId(String docId) {
        require(
                docId != null && DOC_ID.matcher(docId).matches(),
                "not a document id: " + (docId == null ? "null" : docId.substring(0, Math.min(docId.length(), 64))));
        return docId;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new PoisonRecordException(message);
        }
    }
}
