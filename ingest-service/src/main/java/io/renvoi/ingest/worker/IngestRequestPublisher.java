package io.renvoi.ingest.worker;

import io.renvoi.common.events.EventPublisher;
import io.renvoi.common.events.IngestRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes {@link IngestRequest}s on rag.ingest.requests, keyed by the URL's site ({@link IngestRequest#kafkaKey()}).
 * A job {@link #send}s all its URLs, then waits for every acknowledgement before answering, so accepted work is never
 * lost; the buffer holds a large job's requests while they are in flight.
 */
@ApplicationScoped
public class IngestRequestPublisher extends EventPublisher<IngestRequest> {
    /** Outgoing channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests-out";

    IngestRequestPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20000)
                    Emitter<Record<String, String>> emitter) {
        super(emitter);
    }
}
