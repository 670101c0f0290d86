package io.renvoi.links.guard;

import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.LinkRegistry.HeldHost;
import io.renvoi.links.registry.LinkRegistry.Versioned;
import io.renvoi.links.registry.LinkStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What an operator does with evictions the {@link EvictionGuard} held: list the hosts, release a host's held
 * evictions (each published as an eviction on rag.documents and rag.links, then written evicted) or discard them
 * (entries active again). Reads and writes rag-links; publishes before it writes, so a failed publish leaves the
 * entry held and the operator's request can simply be repeated.
 */
@ApplicationScoped
public class HeldEvictions {
    private static final Logger LOG = Logger.getLogger(HeldEvictions.class);
    private static final int BATCH = 500;

    @Inject
    LinkRegistry registry;

    @Inject
    EntryLifecycle lifecycle;

    @Inject
    DecisionPublisher publisher;

    public List<HeldHost> hosts() throws IOException {
        return registry.heldHosts();
    }

    /** Evicts every held entry of {@code host}; returns how many (0: the host holds none). */
    public int release(String host) throws IOException {
        int released = forEachHeld(host, true);
        LOG.infof("released %d held evictions of %s", released, host);
        return released;
    }

    /** Makes every held entry of {@code host} active again; returns how many (0: the host holds none). */
    public int discard(String host) throws IOException {
        int discarded = forEachHeld(host, false);
        LOG.infof("discarded %d held evictions of %s", discarded, host);
        return discarded;
    }

    private int forEachHeld(String host, boolean release) throws IOException {
        int done = 0;
        while (true) {
            registry.refresh();
            List<String> ids = registry.idsOf(host, LinkStatus.HELD, BATCH);
            int before = done;
            for (String id : ids) {
                if (settle(id, release)) {
                    done++;
                }
            }
            if (ids.size() < BATCH || done == before) {
                if (done > 0) registry.refresh(); // the operator's next listing shows the outcome, not the held entries
                return done;
            }
        }
    }

    /**
     * Releases (evicts) or discards (makes active again) one held entry, retrying while other writers change it;
     * false when it is no longer held.
     */
    private boolean settle(String docId, boolean release) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Versioned> current = registry.versioned(docId);
            if (current.isEmpty() || !current.get().entry().held()) {
                return false;
            }
            LinkEntry e = current.get().entry();
            long now = System.currentTimeMillis();
            if (release) {
                lifecycle.release(e, now);
                publisher.evict(
                        e.docId, e.url, e.collection, e.reason, e.lastHttpStatus); // first: see the class comment
            } else {
                lifecycle.discard(e, now);
            }
            if (registry.replace(current.get(), e)) {
                return true;
            }
        }
        throw new IOException("entry " + docId + " kept changing");
    }
}
