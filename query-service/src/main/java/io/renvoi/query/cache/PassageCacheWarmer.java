package io.renvoi.query.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Warms the passage cache from rag.documents (channel {@code passage-cache}, a consumer group of its own per
 * replica): an UPSERT stores the texts of its chunks and drops the document's chunks of older epochs, a DELETE
 * drops the document. A record that cannot be read is skipped and counted
 * ({@code renvoi.query.passage-cache.unreadable}): embed-service, the owner of this topic, dead-letters it.
 */
@ApplicationScoped
public class PassageCacheWarmer {
    public static final String CHANNEL = "documents-in";
    private static final Logger LOG = Logger.getLogger(PassageCacheWarmer.class);

    @Inject
    PassageCache cache;

    @Inject
    MeterRegistry registry;

    private Counter unreadable;
    private Counter upserts;
    private Counter deletes;

    @PostConstruct
    void init() {
        unreadable = registry.counter("renvoi.query.passage-cache.unreadable");
        upserts = registry.counter("renvoi.query.passage-cache.events", "type", "upsert");
        deletes = registry.counter("renvoi.query.passage-cache.events", "type", "delete");
    }

    @Incoming(CHANNEL)
    public void onDocument(ConsumerRecord<String, String> record) {
        if (!cache.enabled()) {
            return;
        }
        DocumentEvent event;
        try {
            event = EventJson.decode(record.value(), DocumentEvent.class);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.debugf(
                    "skipping unreadable rag.documents record at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (event == null || event.docId() == null || event.type() == null) {
            unreadable.increment();
            return;
        }
        apply(event);
    }

    /** Applies one document event to the cache. */
    public void apply(DocumentEvent event) {
        if (event.type() == DocumentEvent.Type.DELETE) {
            deletes.increment();
            cache.invalidateDocument(event.docId());
            return;
        }
        upserts.increment();
        long verifiedAt = event.fetchedAt() > 0 ? event.fetchedAt() : System.currentTimeMillis();
        Set<PassageKey> current = new HashSet<>();
        for (ChunkRef c : event.chunks()) {
            current.add(new PassageKey(event.docId(), c.ord(), c.sha256()));
        }
        cache.retainDocument(event.docId(), current);
        for (ChunkRef c : event.chunks()) {
            if (c.text() != null) {
                cache.put(
                        event.docId(),
                        c.ord(),
                        c.sha256(),
                        new CachedPassage(c.text(), event.etag(), event.lastModified(), verifiedAt));
            }
        }
    }
}
