package io.renvoi.links.observe;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.outage.ConsumedRecords;
import io.renvoi.common.outage.Retrying;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.ValidRecords;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads rag.links observations from query-service (a cited source seen gone or changed at answer time) and
 * makes the entry due now with priority, so the next round checks it before anything else. The
 * link-checker's own audit records on the same topic are ignored; an observation never evicts by itself. Waits
 * out an OpenSearch outage (retried with backoff, in order); only records that can never be processed (not JSON,
 * a document id that is not one) go to rag.links.dlq; a record whose step is interrupted (shutdown) is left
 * unacknowledged, to be consumed again ({@link ConsumedRecords}).
 */
@ApplicationScoped
public class ObservationListener {
    public static final String CHANNEL = "links-in";
    private static final Set<String> WORTH_A_CHECK = Set.of("gone", "changed");

    @Inject
    LinkRegistry registry;

    @Inject
    LinkCheckerConfig config;

    @Inject
    Retrying retrying;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onObservation(Message<String> record) {
        return ConsumedRecords.settle(record, CHANNEL, this::observed);
    }

    private void observed(String json) {
        LinkObservation o = EventJson.decode(json, LinkObservation.class);
        if (DecisionPublisher.SOURCE.equals(o.source()) || !WORTH_A_CHECK.contains(o.status())) {
            return;
        }
        String docId = o.docId();
        if (docId == null && o.url() != null && o.collection() != null) {
            try {
                docId = DocumentIds.docId(o.collection(), UrlNormalizer.normalize(o.url()));
            } catch (IllegalArgumentException e) {
                return;
            }
        }
        if (docId == null) {
            return;
        }
        String id = ValidRecords.docId(docId);
        retrying.run("recording an observation of " + id, () -> prioritise(id, o));
    }

    private void prioritise(String docId, LinkObservation o) throws IOException {
        long now = System.currentTimeMillis();
        registry.update(
                docId,
                current -> current.filter(e -> !e.evicted() && !e.priority).map(e -> {
                    e.priority = true;
                    e.nextCheckAt = Math.min(e.nextCheckAt, now);
                    e.record(
                            new CheckRecord(
                                    now,
                                    "observed:" + o.status(),
                                    o.httpStatus(),
                                    "seen by " + (o.source() == null ? "a service" : o.source())),
                            config.historySize());
                    return e;
                }));
    }
}
