package io.renvoi.embed.pipeline;

import io.renvoi.common.events.DocumentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which UPSERTs of a batch are written: of several UPSERTs of one document only the newest epoch (the last one, on
 * a tie), and only if no newer epoch is indexed already; the others are stale. Reads the indexed epochs it is
 * given (chunk 0 of each document); writes nothing.
 *
 * @param stale the UPSERTs not written, in batch order
 * @param fresh the UPSERTs to write, in batch order
 * @param previousEpochs the epoch indexed before each fresh document, -1 if none
 */
record EpochCheck(List<DecodedDocument> stale, List<DocumentEvent> fresh, Map<String, Long> previousEpochs) {

    static EpochCheck of(List<DecodedDocument> upserts, Map<String, Long> indexedEpochs) {
        List<DecodedDocument> stale = new ArrayList<>();
        List<DocumentEvent> fresh = new ArrayList<>();
        Map<String, Long> previousEpochs = new HashMap<>();
        Map<String, DecodedDocument> newest = newestOfEachDocument(upserts);
        for (DecodedDocument d : upserts) {
            long current = indexedEpochs.getOrDefault(d.event().docId(), -1L);
            if (newest.get(d.event().docId()) != d || current > d.event().epoch()) {
                stale.add(d);
            } else {
                fresh.add(d.event());
                previousEpochs.put(d.event().docId(), current);
            }
        }
        return new EpochCheck(stale, fresh, previousEpochs);
    }

    /** The UPSERT of the newest epoch of each document (the last one, on a tie), by document id. */
    static Map<String, DecodedDocument> newestOfEachDocument(List<DecodedDocument> upserts) {
        Map<String, DecodedDocument> newest = new HashMap<>();
        for (DecodedDocument d : upserts) {
            newest.merge(
                    d.event().docId(),
                    d,
                    (a, b) -> b.event().epoch() >= a.event().epoch() ? b : a);
        }
        return newest;
    }

    /** Whether the written document replaced an older indexed epoch, whose leftover chunks must go. */
    boolean replacedOlderEpoch(DocumentEvent doc) {
        long previous = previousEpochs.getOrDefault(doc.docId(), -1L);
        return previous >= 0 && previous < doc.epoch();
    }
}
