package io.renvoi.ingest.worker;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@link DocumentEvent}s (UPSERT and DELETE) on rag.documents, keyed by document id. */
@ApplicationScoped
public class DocumentPublisher {
    /** Outgoing channel bound to rag.documents. */
    public static final String CHANNEL = "documents";

    private final Emitter<Record<String, String>> emitter;

    DocumentPublisher(@Channel(CHANNEL) Emitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event and waits for the broker's acknowledgement. */
    public void publish(DocumentEvent event) {
        emitter.send(Record.of(event.docId(), EventJson.encode(event)))
                .toCompletableFuture()
                .join();
    }
}
