package io.renvoi.links.publish;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventPublisher;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.LinkObservation;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes the link-checker's decisions, each keyed by document id and awaited (a failure is thrown, so the
 * caller writes the registry only after its decision is out, and a replay publishes it again): evictions as a DELETE on
 * rag.documents plus an audit {@link LinkObservation} on rag.links (source {@value #SOURCE}, status
 * {@code evicted:<reason>}), and re-ingests as {@link IngestRequest}s on rag.ingest.requests (reason CHANGED for a
 * changed page, a moved page's new URL or an evicted page that answers again; RECHECK for an unchanged page to
 * embed again with this build's model).
 */
@ApplicationScoped
public class DecisionPublisher {
    public static final String DOCUMENTS = "documents-out";
    public static final String INGEST = "ingest-requests-out";
    public static final String LINKS = "links-out";
    /** The {@code source} of the link-checker's own records on rag.links. */
    public static final String SOURCE = "link-checker";

    private final EventPublisher<DocumentEvent> documents;
    private final EventPublisher<IngestRequest> ingest;
    private final EventPublisher<LinkObservation> links;

    protected DecisionPublisher(
            @Channel(DOCUMENTS) Emitter<Record<String, String>> documents,
            @Channel(INGEST) Emitter<Record<String, String>> ingest,
            @Channel(LINKS) Emitter<Record<String, String>> links) {
        this.documents = new EventPublisher<>(documents);
        this.ingest = new EventPublisher<>(ingest);
        this.links = new EventPublisher<>(links);
    }

    public void evict(String docId, String url, String collection, String reason, int httpStatus) {
        documents.publish(DocumentEvent.delete(docId, url, collection, reason, null));
        links.publish(LinkObservation.now(docId, url, collection, "evicted:" + reason, httpStatus, SOURCE));
    }

    public void reingest(String docId, String url, String collection, Map<String, String> metadata) {
        ingest.publish(IngestRequest.of(docId, url, collection, IngestReason.CHANGED, metadata));
    }

    /** Asks ingest-service to ingest again a page evicted for {@code evictedFor} that answers again. */
    public void reingestReturned(String docId, String url, String collection, String evictedFor) {
        reingest(docId, url, collection, Map.of("returnedAfter", evictedFor));
    }

    /** Asks ingest-service to fetch and embed an unchanged page again, its vectors being from another model. */
    public void reembed(String docId, String url, String collection, String embeddedBy) {
        ingest.publish(
                IngestRequest.of(docId, url, collection, IngestReason.RECHECK, Map.of("embeddedBy", embeddedBy)));
    }
}
