package io.renvoi.links.registry;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads rag.documents (its own consumer group) for what rag.indexed does not carry: ETag, Last-Modified,
 * the document hash and the chunk hashes of each epoch, written to rag-links.
 */
@ApplicationScoped
public class DocumentListener {
    public static final String CHANNEL = "documents-in";

    private final Registration registration;

    DocumentListener(Registration registration) {
        this.registration = registration;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onDocument(String json) throws IOException {
        registration.document(EventJson.decode(json, DocumentEvent.class));
    }
}
