package io.renvoi.links.registry;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads rag.indexed and registers each indexed document in rag-links (or records its deletion). */
@ApplicationScoped
public class IndexedListener {
    public static final String CHANNEL = "indexed";

    private final Registration registration;

    IndexedListener(Registration registration) {
        this.registration = registration;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onIndexed(String json) throws IOException {
        registration.indexed(EventJson.decode(json, IndexedEvent.class));
    }
}
