package io.renvoi.embed.index;

import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.index.ChunkDocument;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.Queries;
import io.renvoi.common.index.VectorFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.mget.MultiGetResponseItem;

/**
 * The only writer of {@code rag-chunks}: bulk-indexes the chunks of a document epoch (references and
 * vectors, encoded as the index declares: floats or calibrated bytes; the text is indexed, never stored), removes
 * chunks of older epochs, deletes documents.
 */
@ApplicationScoped
public class ChunkIndexWriter {
    private static final int DELETE_PAGE = 1000;

    @Inject
    OpenSearchClient client;

    @Inject
    ChunkIndexSetup setup;

    /**
     * The epochs of the documents as indexed now (realtime multi-get of each document's chunk 0, one request
     * for all); a document without chunks is absent from the map.
     */
    @SuppressWarnings("rawtypes")
    public Map<String, Long> indexedEpochs(Collection<String> docIds) throws IOException {
        setup.ensureIndex();
        Map<String, Long> epochs = new HashMap<>();
        if (docIds.isEmpty()) {
            return epochs;
        }
        List<String> ids =
                docIds.stream().distinct().map(d -> DocumentIds.chunkId(d, 0)).toList();
        MgetResponse<Map> response =
                client.mget(m -> m.index(ChunkIndex.ALIAS).ids(ids).sourceIncludes(ChunkIndex.EPOCH), Map.class);
        for (MultiGetResponseItem<Map> item : response.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                String chunkId = item.result().id();
                epochs.put(
                        chunkId.substring(0, chunkId.lastIndexOf(':')),
                        ((Number) item.result().source().get(ChunkIndex.EPOCH)).longValue());
            }
        }
        return epochs;
    }

    /** Indexes every chunk of the upserts with its vector; fails if any item fails. */
    public void write(List<DocumentEvent> upserts, Map<String, float[]> vectorsByChunkId) throws IOException {
        VectorFormat format = setup.vectorFormat();
        long now = System.currentTimeMillis();
        List<BulkOperation> ops = new ArrayList<>();
        for (DocumentEvent doc : upserts) {
            for (ChunkRef chunk : doc.chunks()) {
                String id = DocumentIds.chunkId(doc.docId(), chunk.ord());
                Map<String, Object> source = ChunkDocument.source(
                        doc,
                        chunk,
                        format.encode(vectorsByChunkId.get(id)),
                        EmbeddingModel.configured().version(),
                        now);
                ops.add(BulkOperation.of(
                        b -> b.index(i -> i.index(ChunkIndex.ALIAS).id(id).document(source))));
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        checked(client.bulk(BulkRequest.of(b -> b.operations(ops))));
    }

    /** Checks a bulk response item by item; a 404 on a delete is not a failure. */
    private static void checked(BulkResponse response) throws BulkWriteException {
        if (!response.errors()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null && item.status() != 404) {
                failures.add(item.id() + ": " + item.error().type() + " "
                        + item.error().reason());
            }
        }
        if (!failures.isEmpty()) {
            throw new BulkWriteException(failures);
        }
    }

    /** Removes the document's chunks of epochs older than {@code epoch} (leftovers of a longer version). */
    public void removeOlderEpochs(String docId, long epoch) throws IOException {
        deleteWhere(Query.of(q -> q.bool(b -> b.filter(ofDocument(docId))
                .filter(f -> f.range(r -> r.field(ChunkIndex.EPOCH).lt(JsonData.of(epoch)))))));
    }

    /** Removes every chunk of the document. */
    public void delete(String docId) throws IOException {
        deleteWhere(ofDocument(docId));
    }

    /**
     * Deletes the matching chunks, including those written since the last refresh: finds their ids and
     * bulk-deletes them (delete-by-query lives in the reindex module, which not every distribution has).
     */
    private void deleteWhere(Query query) throws IOException {
        setup.ensureIndex();
        client.indices().refresh(r -> r.index(ChunkIndex.ALIAS));
        while (true) {
            SearchResponse<Void> found = client.search(
                    s -> s.index(ChunkIndex.ALIAS)
                            .query(query)
                            .size(DELETE_PAGE)
                            .source(src -> src.fetch(false)),
                    Void.class);
            List<BulkOperation> deletes = found.hits().hits().stream()
                    .map(h -> BulkOperation.of(
                            b -> b.delete(d -> d.index(ChunkIndex.ALIAS).id(h.id()))))
                    .toList();
            if (deletes.isEmpty()) {
                return;
            }
            checked(client.bulk(BulkRequest.of(b -> b.operations(deletes).refresh(Refresh.True))));
            if (deletes.size() < DELETE_PAGE) {
                return;
            }
        }
    }

    private static Query ofDocument(String docId) {
        return Queries.term(ChunkIndex.DOC_ID, docId);
    }

    /** Some items of a bulk request failed. */
    public static class BulkWriteException extends IOException {
        public BulkWriteException(List<String> failures) {
            super(failures.size() + " bulk items failed: "
                    + String.join("; ", failures.subList(0, Math.min(5, failures.size()))));
        }
    }
}
