package io.renvoi.embed.pipeline;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.hash.DocumentIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Embeds the chunks of a batch's documents, all in one embedder call (the embedder runs them in model batches of
 * its configured size): ahead of writing, on the consumer thread, the newest UPSERT of each document; at write
 * time, on the writer thread, those that were not embedded ahead. Reads the {@link Embedder}; records
 * {@code renvoi.embed.embedding} (time a call) and {@code renvoi.embed.embedding.chunks} (chunks a call).
 */
final class BatchEmbedder {
    private static final Logger LOG = Logger.getLogger(BatchEmbedder.class);

    private final Embedder embedder;
    private final Timer embedding;
    private final DistributionSummary embeddingCallChunks;

    BatchEmbedder(Embedder embedder, MeterRegistry meters) {
        this.embedder = embedder;
        this.embedding = Timer.builder("renvoi.embed.embedding").register(meters);
        this.embeddingCallChunks =
                DistributionSummary.builder("renvoi.embed.embedding.chunks").register(meters);
    }

    /**
     * The vectors of every UPSERT that is the newest of its document in the batch. Empty if embedding fails: the
     * write stage then embeds them itself and, failing again, document by document, dead-lettering the one that fails.
     */
    Map<DocumentEvent, List<float[]>> embedAhead(List<DecodedDocument> documents) {
        Map<String, DecodedDocument> newest = EpochCheck.newestOfEachDocument(documents.stream()
                .filter(d -> d.event().type() == DocumentEvent.Type.UPSERT)
                .toList());
        List<DocumentEvent> docs = documents.stream()
                .filter(d -> newest.get(d.event().docId()) == d)
                .map(DecodedDocument::event)
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

    /** The vectors of the documents' chunks by chunk id: those embedded ahead, the others embedded now. */
    Map<String, float[]> vectorsByChunkId(List<DocumentEvent> docs, Map<DocumentEvent, List<float[]>> embedded) {
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
        List<float[]> vectors = embedding.record(() -> embedder.embedPassages(texts));
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
}
