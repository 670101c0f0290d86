package io.renvoi.ingest.worker;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventPublisher;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes {@link DocumentEvent}s (UPSERT and DELETE) on rag.documents, keyed by document id; callers
 * {@link #publish} (wait for the broker) before they record a page as done or answer a delete.
 */
@ApplicationScoped
public class DocumentPublisher extends EventPublisher<DocumentEvent> {
    /** Outgoing channel bound to rag.documents. */
    public static final String CHANNEL = "documents-out";

    DocumentPublisher(@Channel(CHANNEL) Emitter<Record<String, String>> emitter) {
        super(emitter);
    }
}
