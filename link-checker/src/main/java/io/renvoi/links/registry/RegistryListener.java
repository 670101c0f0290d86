package io.renvoi.links.registry;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.outage.ConsumedRecords;
import io.renvoi.common.outage.Retrying;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Feeds rag-links from the two topics that describe indexed pages, each in the link-checker's own consumer group:
 * rag.indexed registers each indexed document (or records its deletion, or evicts the old URL of a moved page,
 * publishing on rag.documents and rag.links); rag.documents carries what rag.indexed does not (ETag, Last-Modified,
 * the document hash and the chunk hashes of each epoch). Both wait out an OpenSearch or Kafka outage (retried with
 * backoff, in order); only records that can never be processed go to the topic's .dlq, and a record whose step is
 * interrupted (shutdown) is left unacknowledged, to be consumed again ({@link ConsumedRecords}).
 */
@ApplicationScoped
public class RegistryListener {
    public static final String DOCUMENTS_CHANNEL = "documents-in";
    public static final String INDEXED_CHANNEL = "indexed-in";

    private final Registration registration;
    private final Retrying retrying;

    RegistryListener(Registration registration, Retrying retrying) {
        this.registration = registration;
        this.retrying = retrying;
    }

    @Incoming(INDEXED_CHANNEL)
    @Blocking
    public CompletionStage<Void> onIndexed(Message<String> record) {
        return ConsumedRecords.settle(record, INDEXED_CHANNEL, json -> {
            IndexedEvent event = ValidRecords.indexed(json);
            retrying.run("registering " + event.outcome() + " of " + event.docId(), () -> registration.indexed(event));
        });
    }

    @Incoming(DOCUMENTS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onDocument(Message<String> record) {
        return ConsumedRecords.settle(record, DOCUMENTS_CHANNEL, json -> {
            DocumentEvent event = ValidRecords.document(json);
            retrying.run("recording " + event.type() + " of " + event.docId(), () -> registration.document(event));
        });
    }
}
