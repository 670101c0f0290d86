package io.renvoi.links.publish;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
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
    public static final String INGEST = "ingest-out";
    public static final String LINKS = "links-out";
    /** The {@code source} of the link-checker's own records on rag.links. */
    public static final String SOURCE = "link-checker";

    private final Emitter<Record<String, String>> documents;
    private final Emitter<Record<String, String>> ingest;
    private final Emitter<Record<String, String>> links;

    protected DecisionPublisher(
            @Channel(DOCUMENTS) Emitter<Record<String, String>> documents,
            @Channel(INGEST) Emitter<Record<String, String>> ingest,
            @Channel(LINKS) Emitter<Record<String, String>> links) {
        this.documents = documents;
        this.ingest = ingest;
        this.links = links;
    }

    public void evict(String docId, String url, String collection, String reason, int httpStatus) {
        send(documents, docId, DocumentEvent.delete(docId, url, collection, reason, null));
        send(
                links,
                docId,
                new LinkObservation(
                        docId, url, collection, "evicted:" + reason, httpStatus, SOURCE, System.currentTimeMillis()));
    }

    public void reingest(String docId, String url, String collection, Map<String, String> metadata) {
        IngestRequest r = new IngestRequest(
                docId, url, collection, metadata, IngestReason.CHANGED, null, System.currentTimeMillis());
        send(ingest, r.kafkaKey(), r);
    }

    /** Asks ingest-service to ingest again a page evicted for {@code evictedFor} that answers again. */
    public void reingestReturned(String docId, String url, String collection, String evictedFor) {
        reingest(docId, url, collection, Map.of("returnedAfter", evictedFor));
    }

    /** Asks ingest-service to fetch and embed an unchanged page again, its vectors being from another model. */
    public void reembed(String docId, String url, String collection, String embeddedBy) {
        IngestRequest r = new IngestRequest(
                docId,
                url,
                collection,
                Map.of("embeddedBy", embeddedBy),
                IngestReason.RECHECK,
                null,
                System.currentTimeMillis());
        send(ingest, r.kafkaKey(), r);
    }

    private static void send(Emitter<Record<String, String>> emitter, String key, Object event) {
        emitter.send(Record.of(key, EventJson.encode(event)))
                .toCompletableFuture()
                .join();
    }
}
