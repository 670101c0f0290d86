package io.renvoi.query.resolve;

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
 * Reports what answer time saw of a source: a gone source as an observation on rag.links, a changed one as
 * a CHANGED re-ingest request on rag.ingest.requests.
 */
@ApplicationScoped
public class SourceEventPublisher {
    public static final String LINKS_CHANNEL = "links";
    public static final String REINGEST_CHANNEL = "ingest-requests";

    private final Emitter<Record<String, String>> links;
    private final Emitter<Record<String, String>> reingest;

    SourceEventPublisher(@Channel(LINKS_CHANNEL) Emitter<Record<String, String>> links,
            @Channel(REINGEST_CHANNEL) Emitter<Record<String, String>> reingest) {
        this.links = links;
        this.reingest = reingest;
    }

    public void gone(String docId, String url, String collection, int httpStatus) {
        LinkObservation o = new LinkObservation(docId, url, collection, "gone", httpStatus, "query-service", System.currentTimeMillis());
        links.send(Record.of(docId, EventJson.encode(o)));
    }

    public void changed(String docId, String url, String collection) {
        IngestRequest r = new IngestRequest(docId, url, collection, Map.of(), IngestReason.CHANGED, null, System.currentTimeMillis());
        reingest.send(Record.of(r.kafkaKey(), EventJson.encode(r)));
    }
}
