package io.renvoi.common.index;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code rag-chunks} holds for one chunk, built from the UPSERT that carried it: the reference (document id,
 * URL, offsets, hashes, versions, validators, epoch, times), the text to index (the mapping keeps it out of
 * {@code _source}) and the vector as the index's {@link VectorFormat} encoded it. embed-service's writer and every
 * test or benchmark that writes chunks build their documents here, so they cannot drift from each other.
 */
public final class ChunkDocument {
    private ChunkDocument() {}

    /**
     * The {@code _source} of {@code chunk} of {@code doc}.
     *
     * @param vector the chunk's vector, already encoded by the index's {@link VectorFormat}
     * @param embeddingVersion what computed the vector ({@link ChunkIndex#EMBEDDING_VERSION})
     * @param indexedAt epoch milliseconds
     */
    public static Map<String, Object> source(
            DocumentEvent doc, ChunkRef chunk, float[] vector, String embeddingVersion, long indexedAt) {
        Map<String, Object> s = new HashMap<>();
        List<Float> v = new ArrayList<>(vector.length);
        for (float f : vector) v.add(f);
        s.put(ChunkIndex.VECTOR, v);
        s.put(ChunkIndex.TEXT, chunk.text());
        s.put(ChunkIndex.DOC_ID, doc.docId());
        s.put(ChunkIndex.COLLECTION, doc.collection());
        s.put(ChunkIndex.URL, doc.url());
        putIfPresent(s, ChunkIndex.TITLE, doc.title());
        s.put(ChunkIndex.ORD, chunk.ord());
        s.put(ChunkIndex.START, chunk.start());
        s.put(ChunkIndex.END, chunk.end());
        s.put(ChunkIndex.CHUNK_SHA256, chunk.sha256());
        putIfPresent(s, ChunkIndex.DOC_SHA256, doc.docSha256());
        putIfPresent(s, ChunkIndex.EXTRACTOR_VERSION, doc.extractorVersion());
        putIfPresent(s, ChunkIndex.EMBEDDING_VERSION, embeddingVersion);
        putIfPresent(s, ChunkIndex.CONTENT_TYPE, doc.contentType());
        putIfPresent(s, ChunkIndex.ETAG, doc.etag());
        putIfPresent(s, ChunkIndex.LAST_MODIFIED, doc.lastModified());
        s.put(ChunkIndex.EPOCH, doc.epoch());
        s.put(ChunkIndex.FETCHED_AT, doc.fetchedAt());
        s.put(ChunkIndex.INDEXED_AT, indexedAt);
        return s;
    }

    private static void putIfPresent(Map<String, Object> s, String field, Object value) {
        if (value != null) {
            s.put(field, value);
        }
    }
}
