package io.renvoi.links.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.LinkRegistry.HostCounts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * The mass-eviction guard. A site that answers 404 everywhere is more often a broken deployment than a site
 * that deleted its pages, so before an eviction for a loss the checker asks whether the entry's host would lose
 * more than {@code mass-eviction.share} of its entries within {@code mass-eviction.window} (and at least
 * {@code mass-eviction.min-evictions}); if so, or if the host already has held evictions, the entry is held
 * instead ({@link EntryLifecycle#hold}) and counted in {@code renvoi.links.held{host}}, until an operator releases
 * or discards the host's held evictions ({@link HeldEvictions}). Reads rag-links (per-host counts, after a
 * refresh); the caller writes the entry. Evictions of one host are decided one at a time in a process; replicas
 * deciding at the same instant may overshoot the share by the evictions they have in flight.
 */
@ApplicationScoped
public class EvictionGuard {
    private static final int STRIPES = 64;

    private final LinkRegistry registry;
    private final EntryLifecycle lifecycle;
    private final LinkCheckerConfig.MassEviction config;
    private final MeterRegistry meters;
    private final Object[] locks = new Object[STRIPES];

    EvictionGuard(LinkRegistry registry, EntryLifecycle lifecycle, LinkCheckerConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.config = config.massEviction();
        this.meters = meters;
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
            boolean hold = wouldBeMassEviction(host, now);
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

    /** Whether one more eviction on {@code host} now is to be held. */
    boolean wouldBeMassEviction(String host, long now) throws IOException {
        registry.refresh(); // the evictions just written must count
        HostCounts counts = registry.hostCounts(host, now - config.window().toMillis());
        if (counts.held() > 0) {
            return true;
        }
        long evictions = counts.evictedInWindow() + 1;
        return evictions >= config.minEvictions() && evictions > config.share() * counts.entries();
    }
}
