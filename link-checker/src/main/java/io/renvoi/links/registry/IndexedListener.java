package io.renvoi.links.registry;

import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.outage.ConsumedRecords;
import io.renvoi.common.outage.Retrying;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads rag.indexed and registers each indexed document in rag-links (or records its deletion, or evicts the old
 * URL of a moved page, publishing on rag.documents and rag.links). Waits out an OpenSearch or Kafka outage
 * (retried with backoff, in order); only records that can never be processed go to rag.indexed.dlq, and a record
 * whose step is interrupted (shutdown) is left unacknowledged, to be consumed again ({@link ConsumedRecords}).
 */
@ApplicationScoped
public class IndexedListener {
    public static final String CHANNEL = "indexed";

    private final Registration registration;
    private final Retrying retrying;

    IndexedListener(Registration registration, Retrying retrying) {
        this.registration = registration;
        this.retrying = retrying;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onIndexed(Message<String> record) {
        return ConsumedRecords.settle(record, CHANNEL, json -> {
            IndexedEvent event = ValidRecords.indexed(json);
            retrying.run("registering " + event.outcome() + " of " + event.docId(), () -> registration.indexed(event));
        });
    }
}
