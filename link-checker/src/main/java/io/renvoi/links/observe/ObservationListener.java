package io.renvoi.links.observe;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.LinkObservation;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import io.renvoi.links.registry.LinkRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads rag.links observations from query-service (a cited source seen gone or changed at answer time) and
 * makes the entry due now with priority, so the next round checks it before anything else. The
 * link-checker's own audit records on the same topic are ignored; an observation never evicts by itself.
 */
@ApplicationScoped
public class ObservationListener {
    public static final String CHANNEL = "links-in";
    private static final Set<String> WORTH_A_CHECK = Set.of("gone", "changed");

    private final LinkRegistry registry;
    private final LinkCheckerConfig config;

    ObservationListener(LinkRegistry registry, LinkCheckerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onObservation(String json) throws IOException {
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
        long now = System.currentTimeMillis();
        registry.update(docId, current -> current.filter(e -> !e.evicted() && !e.priority).map(e -> {
            e.priority = true;
            e.nextCheckAt = Math.min(e.nextCheckAt, now);
            e.record(new CheckRecord(now, "observed:" + o.status(), o.httpStatus(),
                    "seen by " + (o.source() == null ? "a service" : o.source())), config.historySize());
            return e;
        }));
    }
}
