package io.renvoi.links.registry;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads rag.indexed and registers each indexed document in rag-links (or marks it removed). */
@ApplicationScoped
public class IndexedListener {
    public static final String CHANNEL = "indexed";

    private final LinkRegistry registry;

    IndexedListener(LinkRegistry registry) {
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onIndexed(String json) throws IOException {
        IndexedEvent event = EventJson.decode(json, IndexedEvent.class);
        switch (event.outcome()) {
            case INDEXED -> registry.put(new LinkEntry(event.docId(), event.url(), event.collection(), "active",
                    event.epoch(), event.chunkCount(), System.currentTimeMillis(), null));
            case DELETED -> registry.remove(event.docId(), event.detail());
            default -> {
                // stale epochs and failures change nothing in the registry
            }
        }
    }
}
