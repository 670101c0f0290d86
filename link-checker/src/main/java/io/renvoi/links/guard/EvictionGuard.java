package io.renvoi.links.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.LinkRegistry.HostCounts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * The mass-eviction guard. A site that answers 404 everywhere is more often a broken deployment than a site
 * that deleted its pages, so before an eviction for a loss the checker asks whether the entry's host would lose
 * more than {@code mass-eviction.share} of its entries within {@code mass-eviction.window} (and at least
 * {@code mass-eviction.min-evictions}), counting as lost both the evictions done within the window and those on
 * the way (the host's entries suspect for a loss, waiting for their confirming check: a site that breaks
 * gradually loses its pages a few at a time, each confirmed {@code confirm-after} after it was first seen); if so, or if the host already has held evictions, the entry is held
 * instead ({@link EntryLifecycle#hold}) and counted in {@code renvoi.links.held{host}}, until an operator releases
 * or discards the host's held evictions ({@link HeldEvictions}). Reads rag-links (per-host counts, after a
 * refresh); the caller writes the entry. Evictions of one host are decided one at a time in a process; replicas
 * deciding at the same instant may overshoot the share by the evictions they have in flight.
 */
@ApplicationScoped
public class EvictionGuard {
    private static final int STRIPES = 64;

    @Inject
    LinkRegistry registry;

    @Inject
    EntryLifecycle lifecycle;

    @Inject
    LinkCheckerConfig config;

    @Inject
    MeterRegistry meters;

    private final Object[] locks = new Object[STRIPES];

    @PostConstruct
    void init() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Writes the entry once it is evicted or held; false when the entry changed meanwhile (nothing written). */
    @FunctionalInterface
    public interface Commit {
        boolean write(boolean held) throws IOException;
    }

    /**
     * Decides whether the entry {@code e}, which the lifecycle has just evicted, is evicted or held, and commits
     * it (publish and write) before any other eviction of its host in this process is decided.
     */
    public boolean evictOrHold(LinkEntry e, long now, Commit commit) throws IOException {
        String host = e.host == null ? LinkEntry.hostOf(e.url) : e.host;
        synchronized (locks[Math.floorMod(host.hashCode(), STRIPES)]) {
            boolean hold = wouldBeMassEviction(host, e.docId, now);
            if (hold) {
                lifecycle.hold(e, now);
            }
            boolean written = commit.write(hold);
            if (written && hold) {
                meters.counter("renvoi.links.held", "host", host).increment();
            }
            return written;
        }
    }

    /** Whether the eviction of {@code docId} on {@code host} now is to be held. */
    boolean wouldBeMassEviction(String host, String docId, long now) throws IOException {
        registry.refresh(); // the evictions just written must count
        HostCounts counts =
                registry.hostCounts(host, now - config.massEviction().window().toMillis(), docId);
        if (counts.held() > 0) {
            return true;
        }
        // done within the window, on the way (suspect for a loss, this entry aside), and this one
        long evictions = counts.evictedInWindow() + counts.suspectForLoss() + 1;
        LinkCheckerConfig.MassEviction guard = config.massEviction();
        return evictions >= guard.minEvictions() && evictions > guard.share() * counts.entries();
    }
}
