package io.renvoi.links.registry;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;

/**
 * Keeps registry entries in step with what was indexed: {@code rag.indexed} creates entries and records
 * deletions; {@code rag.documents} UPSERTs bring the validators and hashes the checks compare against.
 * Events of an older epoch than the entry's change nothing, so replaying either topic is harmless; a newer
 * epoch (a re-ingest) makes an evicted or suspect entry active again.
 */
@ApplicationScoped
public class Registration {
    private final LinkRegistry registry;
    private final LinkCheckerConfig config;

    Registration(LinkRegistry registry, LinkCheckerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public void indexed(IndexedEvent event) throws IOException {
        switch (event.outcome()) {
            case INDEXED -> registry.update(event.docId(), current -> {
                LinkEntry e = current.orElseGet(() -> fresh(event.docId(), event.url(), event.collection()));
                if (current.isPresent() && event.epoch() < e.epoch) {
                    return Optional.empty();
                }
                boolean newer = current.isEmpty() || event.epoch() > e.epoch;
                if (!newer && e.evicted()) {
                    return Optional.empty();
                }
                e.chunkCount = event.chunkCount();
                if (event.embeddingVersion() != null) {
                    e.embeddingVersion = event.embeddingVersion();
                }
                if (newer) {
                    renew(e, event.epoch(), "indexed");
                }
                return Optional.of(e);
            });
            case DELETED -> registry.update(event.docId(), current -> current.filter(e -> !e.evicted()).map(e -> {
                long now = System.currentTimeMillis();
                e.status = LinkStatus.EVICTED.value();
                e.reason = event.detail() == null ? "deleted" : event.detail();
                e.evictedAt = now;
                e.epoch = Math.max(e.epoch, event.epoch());
                e.chunkCount = 0;
                e.record(new CheckRecord(now, "deleted", 0, e.reason), config.historySize());
                return e;
            }));
            default -> {
                // stale epochs and failures change nothing in the registry
            }
        }
    }

    public void document(DocumentEvent event) throws IOException {
        if (event.type() != DocumentEvent.Type.UPSERT) {
            return; // deletes are recorded from rag.indexed, once embed-service has applied them
        }
        registry.update(event.docId(), current -> {
            LinkEntry e = current.orElseGet(() -> fresh(event.docId(), event.url(), event.collection()));
            if (current.isPresent() && event.epoch() < e.epoch) {
                return Optional.empty();
            }
            if (current.isPresent() && event.epoch() > e.epoch) {
                renew(e, event.epoch(), "ingested");
            }
            e.epoch = event.epoch();
            e.etag = event.etag();
            e.lastModified = event.lastModified();
            e.docSha256 = event.docSha256();
            e.chunkHashes = event.chunks().stream().map(ChunkRef::sha256).toList();
            e.chunkCount = event.chunks().size();
            return Optional.of(e);
        });
    }

    private LinkEntry fresh(String docId, String url, String collection) {
        LinkEntry e = new LinkEntry();
        e.docId = docId;
        e.url = url;
        e.collection = collection;
        e.registeredAt = System.currentTimeMillis();
        e.intervalMs = config.initialInterval().toMillis();
        e.nextCheckAt = e.registeredAt + e.intervalMs;
        return e;
    }

    /** A new epoch: the document was (re-)ingested, so whatever was wrong with the old one is over. */
    private void renew(LinkEntry e, long epoch, String what) {
        long now = System.currentTimeMillis();
        if (e.evicted() || LinkStatus.SUSPECT.value().equals(e.status)) {
            e.status = LinkStatus.ACTIVE.value();
            e.reason = null;
            e.evictedAt = null;
            e.strikes = 0;
            e.firstStrikeAt = null;
            e.nextCheckAt = now + Math.max(e.intervalMs, config.minInterval().toMillis());
        }
        e.epoch = epoch;
        e.record(new CheckRecord(now, what, 0, "epoch " + epoch), config.historySize());
    }
}
