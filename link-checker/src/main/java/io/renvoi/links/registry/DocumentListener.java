package io.renvoi.links.registry;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.outage.ConsumedRecords;
import io.renvoi.common.outage.Retrying;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads rag.documents (its own consumer group) for what rag.indexed does not carry: ETag, Last-Modified,
 * the document hash and the chunk hashes of each epoch, written to rag-links. Waits out an OpenSearch outage
 * (retried with backoff, in order); only records that can never be processed go to rag.documents.dlq, and a record
 * whose step is interrupted (shutdown) is left unacknowledged, to be consumed again ({@link ConsumedRecords}).
 */
@ApplicationScoped
public class DocumentListener {
    public static final String CHANNEL = "documents-in";

    private final Registration registration;
    private final Retrying retrying;

    DocumentListener(Registration registration, Retrying retrying) {
        this.registration = registration;
        this.retrying = retrying;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onDocument(Message<String> record) {
        return ConsumedRecords.settle(record, CHANNEL, json -> {
            DocumentEvent event = ValidRecords.document(json);
            retrying.run("recording " + event.type() + " of " + event.docId(), () -> registration.document(event));
        });
    }
}
