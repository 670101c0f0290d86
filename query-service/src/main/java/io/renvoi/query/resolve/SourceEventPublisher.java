package io.renvoi.query.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.renvoi.common.events.EventPublisher;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.query.QueryConfig;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Reports what answer time saw of a source: a gone source as an observation on rag.links, a changed one as
 * a CHANGED re-ingest request on rag.ingest.requests, at most once per document per
 * {@code renvoi.query.reingest-interval} (every answer citing a changed page until it is re-indexed would
 * otherwise ask again; the documents asked for are remembered in a Caffeine cache keyed by doc id, bounded in
 * size, forgotten after the interval).
 */
@ApplicationScoped
public class SourceEventPublisher {
    public static final String LINKS_CHANNEL = "links-out";
    public static final String REINGEST_CHANNEL = "ingest-requests-out";
    /** Documents remembered at most (beyond, the oldest may be asked for again early). */
    static final long MAX_REMEMBERED = 100_000;

    private final EventPublisher<LinkObservation> links;
    private final EventPublisher<IngestRequest> reingest;

    private final Cache<String, Boolean> reingested;

    @Inject
    SourceEventPublisher(
            @Channel(LINKS_CHANNEL) Emitter<Record<String, String>> links,
            @Channel(REINGEST_CHANNEL) Emitter<Record<String, String>> reingest,
            QueryConfig config) {
        this(links, reingest, config.reingestInterval(), Ticker.systemTicker());
    }

    SourceEventPublisher(
            Emitter<Record<String, String>> links,
            Emitter<Record<String, String>> reingest,
            Duration interval,
            Ticker ticker) {
        this.links = new EventPublisher<>(links);
        this.reingest = new EventPublisher<>(reingest);
        this.reingested = Caffeine.newBuilder()
                .expireAfterWrite(interval)
                .maximumSize(MAX_REMEMBERED)
                .ticker(ticker)
                .build();
    }

    /** Reports a gone source; not awaited (the answer does not wait for it; the link-checker finds it anyway). */
    public void gone(String docId, String url, String collection, int httpStatus) {
        links.send(LinkObservation.now(docId, url, collection, "gone", httpStatus, "query-service"));
    }

    /** Asks for a re-ingest unless one was asked for this document within the interval; true when sent. */
    public boolean changed(String docId, String url, String collection) {
        if (reingested.asMap().putIfAbsent(docId, Boolean.TRUE) != null) {
            return false;
        }
        // remembered from now (two answers at once send one), forgotten if the send fails so the next answer tries
        // again; not awaited, the answer does not wait for it
        reingest.send(IngestRequest.of(docId, url, collection, IngestReason.CHANGED, Map.of()))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        reingested.invalidate(docId);
                    }
                });
        return true;
    }
}
