package io.renvoi.embed.index;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.index.ChunkIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * The only writer of {@code rag-chunks}: bulk-indexes the chunks of a document epoch (references and
 * vectors; the text is indexed, never stored), removes chunks of older epochs, deletes documents.
 */
@ApplicationScoped
public class ChunkIndexWriter {
    private final OpenSearchClient client;
    private final ChunkIndexSetup setup;

    ChunkIndexWriter(OpenSearchClient client, ChunkIndexSetup setup) {
        this.client = client;
        this.setup = setup;
    }

    /** The epoch of the document as indexed now (realtime), or -1 when it has no chunks. */
    @SuppressWarnings("rawtypes")
    public long indexedEpoch(String docId) throws IOException {
        setup.ensureIndex();
        GetResponse<Map> chunk0 = client.get(g -> g.index(ChunkIndex.ALIAS).id(DocumentIds.chunkId(docId, 0))
                .sourceIncludes(ChunkIndex.EPOCH), Map.class);
        if (!chunk0.found() || chunk0.source() == null) {
            return -1;
        }
        return ((Number) chunk0.source().get(ChunkIndex.EPOCH)).longValue();
    }

    /** Indexes every chunk of the upserts with its vector; fails if any item fails. */
    public void write(List<DocumentEvent> upserts, Map<String, float[]> vectorsByChunkId) throws IOException {
        setup.ensureIndex();
        long now = System.currentTimeMillis();
        List<BulkOperation> ops = new ArrayList<>();
        for (DocumentEvent doc : upserts) {
            for (ChunkRef chunk : doc.chunks()) {
                String id = DocumentIds.chunkId(doc.docId(), chunk.ord());
                Map<String, Object> source = source(doc, chunk, vectorsByChunkId.get(id), now);
                ops.add(BulkOperation.of(b -> b.index(i -> i.index(ChunkIndex.ALIAS).id(id).document(source))));
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        BulkResponse response = client.bulk(BulkRequest.of(b -> b.operations(ops)));
        if (response.errors()) {
            List<String> failures = new ArrayList<>();
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null) {
                    failures.add(item.id() + ": " + item.error().type() + " " + item.error().reason());
                }
            }
            throw new BulkWriteException(failures);
        }
    }

    /** Removes the document's chunks of epochs older than {@code epoch} (leftovers of a longer version). */
    public void removeOlderEpochs(String docId, long epoch) throws IOException {
        client.indices().refresh(r -> r.index(ChunkIndex.ALIAS));
        client.deleteByQuery(d -> d.index(ChunkIndex.ALIAS).refresh(true).conflicts(
                        org.opensearch.client.opensearch._types.Conflicts.Proceed)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(ChunkIndex.DOC_ID).value(FieldValue.of(docId))))
                        .filter(f -> f.range(r -> r.field(ChunkIndex.EPOCH).lt(org.opensearch.client.json.JsonData.of(epoch)))))));
    }

    /** Removes every chunk of the document. */
    public void delete(String docId) throws IOException {
        setup.ensureIndex();
        client.indices().refresh(r -> r.index(ChunkIndex.ALIAS));
        client.deleteByQuery(d -> d.index(ChunkIndex.ALIAS).refresh(true).conflicts(
                        org.opensearch.client.opensearch._types.Conflicts.Proceed)
                .query(q -> q.term(t -> t.field(ChunkIndex.DOC_ID).value(FieldValue.of(docId)))));
    }

    private static Map<String, Object> source(DocumentEvent doc, ChunkRef chunk, float[] vector, long now) {
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
        putIfPresent(s, ChunkIndex.CONTENT_TYPE, doc.contentType());
        putIfPresent(s, ChunkIndex.ETAG, doc.etag());
        putIfPresent(s, ChunkIndex.LAST_MODIFIED, doc.lastModified());
        s.put(ChunkIndex.EPOCH, doc.epoch());
        s.put(ChunkIndex.FETCHED_AT, doc.fetchedAt());
        s.put(ChunkIndex.INDEXED_AT, now);
        return s;
    }

    private static void putIfPresent(Map<String, Object> s, String field, Object value) {
        if (value != null) {
            s.put(field, value);
        }
    }

    /** Some items of a bulk request failed. */
    public static class BulkWriteException extends IOException {
        public BulkWriteException(List<String> failures) {
            super(failures.size() + " bulk items failed: " + String.join("; ", failures.subList(0, Math.min(5, failures.size()))));
        }
    }
}
