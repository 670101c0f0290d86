package io.renvoi.ingest.frontier;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.PoisonRecordException;
import io.renvoi.common.fetch.InvalidUrlException;
import io.renvoi.common.fetch.UrlNormalizer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads rag.ingest.requests (keyed by site, so this replica owns the sites of its partitions) into the
 * {@link Frontier}'s host queues. A record is acknowledged only when its page is processed (the throttled
 * commit strategy commits the offsets below the oldest one still waiting), so nothing waiting is lost to a
 * crash. Records that are not valid requests (undecodable, fields missing, a URL that is not a valid http(s) URL) are nacked and land in rag.ingest.requests.dlq with the reason.
 */
@ApplicationScoped
public class FrontierIntake {
    /** Incoming channel bound to rag.ingest.requests. */
    public static final String CHANNEL = "ingest-requests-in";

    @Inject
    Frontier frontier;

    @Incoming(CHANNEL)
    public CompletionStage<Void> onRequest(Message<String> message) {
        IngestRequest request;
        try {
            request = EventJson.decode(message.getPayload(), IngestRequest.class);
            if (request.docId() == null || request.url() == null || request.collection() == null) {
                throw new PoisonRecordException("IngestRequest without docId, url or collection");
            }
            UrlNormalizer.normalize(request.url()); // an invalid URL can never be fetched
        } catch (InvalidUrlException e) {
            return message.nack(new PoisonRecordException("IngestRequest with an invalid url: " + e.getMessage()));
        } catch (RuntimeException e) {
            return message.nack(e instanceof PoisonRecordException ? e : new PoisonRecordException(e.getMessage()));
        }
        int partition = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getPartition)
                .orElse(-1);
        return frontier.offer(new FrontierEntry(request, message, partition, frontier.keyOf(request.url())));
    }
}
