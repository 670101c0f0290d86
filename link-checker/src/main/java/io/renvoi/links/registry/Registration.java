package io.renvoi.links.registry;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import io.renvoi.links.registry.LinkRegistry.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps registry entries in step with what was indexed: {@code rag.indexed} creates entries, records deletions,
 * and, when a page that moved is indexed under its new URL, evicts the old URL (a DELETE on rag.documents and an
 * audit record on rag.links, published before the old entry is written); {@code rag.documents} UPSERTs bring the
 * validators and hashes the checks compare against. Events of an older epoch than the entry's change nothing, so
 * replaying either topic is harmless; a newer epoch (a re-ingest) makes an evicted, held or suspect entry active
 * again. Reads and writes rag-links.
 */
@ApplicationScoped
public class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final LinkRegistry registry;
    private final LinkCheckerConfig config;
    private final EntryLifecycle lifecycle;
    private final DecisionPublisher publisher;

    Registration(
            LinkRegistry registry, LinkCheckerConfig config, EntryLifecycle lifecycle, DecisionPublisher publisher) {
        this.registry = registry;
        this.config = config;
        this.lifecycle = lifecycle;
        this.publisher = publisher;
    }

    public void indexed(IndexedEvent event) throws IOException {
        switch (event.outcome()) {
            case INDEXED -> {
                registry.update(event.docId(), current -> {
                    LinkEntry e = current.orElseGet(() -> fresh(event.docId(), event.url(), event.collection()));
                    if (current.isPresent() && event.epoch() < e.epoch) {
                        return Optional.empty();
                    }
                    boolean newer = current.isEmpty() || event.epoch() > e.epoch;
                    if (!newer && e.evicted()) {
                        return Optional.empty();
                    }
                    e.chunkCount = event.chunkCount();
                    e.indexedEpoch = Math.max(e.indexedEpoch, event.epoch());
                    if (e.host == null) {
                        e.host = LinkEntry.hostOf(e.url);
                    }
                    if (event.embeddingVersion() != null) {
                        e.embeddingVersion = event.embeddingVersion();
                    }
                    if (newer) {
                        renew(e, event.epoch(), "indexed");
                    }
                    return Optional.of(e);
                });
                if (event.url() != null && event.collection() != null) {
                    for (String oldId : registry.movedTo(event.collection(), event.url())) {
                        evictMoved(oldId, event.url());
                    }
                }
            }
            case DELETED ->
                registry.update(
                        event.docId(),
                        current -> current.filter(e -> !e.evicted()).map(e -> {
                            long now = System.currentTimeMillis();
                            lifecycle.evict(e, event.detail() == null ? "deleted" : event.detail(), now);
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
            if (e.host == null) {
                e.host = LinkEntry.hostOf(e.url);
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

    /** The old URL of a page now indexed under {@code newUrl} leaves the index: published first, then written. */
    private void evictMoved(String docId, String newUrl) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Versioned> current = registry.versioned(docId);
            if (current.isEmpty()) {
                return;
            }
            LinkEntry e = current.get().entry();
            if (!e.is(LinkStatus.SUSPECT) || !EntryLifecycle.MOVED.equals(e.reason) || !newUrl.equals(e.movedTo)) {
                return; // already evicted (a replay), or it answered again since
            }
            long now = System.currentTimeMillis();
            lifecycle.evict(e, EntryLifecycle.MOVED, now);
            e.record(
                    new CheckRecord(now, "evict:moved", e.lastHttpStatus, newUrl + " is indexed"),
                    config.historySize());
            LOG.infof("evicting %s: its new URL %s is indexed", e.url, newUrl);
            publisher.evict(e.docId, e.url, e.collection, EntryLifecycle.MOVED, e.lastHttpStatus);
            if (registry.replace(current.get(), e)) {
                return;
            }
        }
        throw new IOException("entry " + docId + " kept changing");
    }

    private LinkEntry fresh(String docId, String url, String collection) {
        LinkEntry e = new LinkEntry();
        e.docId = docId;
        e.url = url;
        e.host = LinkEntry.hostOf(url);
        e.collection = collection;
        e.registeredAt = System.currentTimeMillis();
        e.intervalMs = config.initialInterval().toMillis();
        e.nextCheckAt = e.registeredAt + e.intervalMs;
        return e;
    }

    /** A new epoch: the document was (re-)ingested, so whatever was wrong with the old one is over. */
    private void renew(LinkEntry e, long epoch, String what) {
        long now = System.currentTimeMillis();
        lifecycle.renewed(e, now);
        e.epoch = epoch;
        e.record(new CheckRecord(now, what, 0, "epoch " + epoch), config.historySize());
    }
}
