package io.renvoi.links.registry;

import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The one place an entry's status changes, and with it every field that must change together:
 *
 * <pre>
 *   active ──loss (404, 401/403, noindex)──> suspect ──a loss (any) ≥ confirm-after later──> evicted (or held)
 *   active ──410, robots.txt, strikes over the window───────────────────────────────────> evicted (or held)
 *   active ──301/308──> suspect (moved) ──the new URL indexed, or moved-max-rounds checks without it──> evicted (moved)
 *   suspect / held ──a 200──> active          held ──release──> evicted    held ──discard──> active
 *   evicted ──re-checked every evicted-recheck-interval; a 200 asks for a re-ingest──> active on the new epoch
 * </pre>
 *
 * "Or held" is the mass-eviction guard's call ({@code io.renvoi.links.guard.EvictionGuard}). Reads and writes
 * nothing itself: it changes the entry it is given, which the caller writes to rag-links.
 */
@ApplicationScoped
public class EntryLifecycle {
    /** Reason of an old URL evicted once the page it moved to is indexed. */
    public static final String MOVED = "moved";
    /**
     * Eviction reasons whose page is not watched for a return: a moved page lives on under its new URL, and a
     * document deleted by a user (or by an unknown party) must not come back by itself.
     */
    public static final Set<String> NOT_WATCHED = Set.of(MOVED, "user-request", "deleted");
    /** Reasons of a loss (404, 401/403, noindex): suspect until a second check confirms it. */
    public static final Set<String> LOSSES = Set.of("gone", "access-lost", "noindex");

    private final LinkCheckerConfig config;

    public EntryLifecycle(LinkCheckerConfig config) {
        this.config = config;
    }

    /** A good answer: whatever was wrong is over. */
    public void recovered(LinkEntry e) {
        e.status = LinkStatus.ACTIVE.value();
        e.reason = null;
        e.strikes = 0;
        e.firstStrikeAt = null;
        e.suspectSince = null;
        e.heldAt = null;
        e.movedTo = null;
        e.movedRounds = 0;
    }

    /**
     * A loss of the page was seen (404, 401/403, noindex). Any loss confirms any other (a 404, then a 403): each
     * says the page is no longer there to index, and requiring the same kind would let a page alternating between
     * them stay forever; the reason recorded is the latest. A move in between clears {@code suspectSince}
     * ({@link #moving}), so a loss after a move starts its own {@code confirm-after}.
     *
     * @return true when it confirms one seen at least {@code confirm-after} earlier: the entry is to be evicted
     *     (the caller evicts or holds it); false when the entry is now suspect, its confirming check scheduled
     */
    public boolean lossConfirmed(LinkEntry e, String reason, long now) {
        if (e.suspectSince != null
                && now - e.suspectSince >= config.confirmAfter().toMillis()) {
            return true;
        }
        if (e.suspectSince == null) {
            e.suspectSince = now;
        }
        e.status = LinkStatus.SUSPECT.value();
        e.reason = reason;
        e.movedTo = null;
        e.movedRounds = 0;
        e.nextCheckAt = e.suspectSince + config.confirmAfter().toMillis();
        return false;
    }

    /** A transient failure that does not evict yet: checked again at {@code nextCheckAt}. */
    public void struck(LinkEntry e, String reason, long nextCheckAt) {
        e.status = LinkStatus.SUSPECT.value();
        e.reason = reason;
        e.nextCheckAt = nextCheckAt;
    }

    /**
     * The page redirects permanently to {@code newUrl}, which is not indexed yet: the entry stays searchable and
     * is checked again after {@code confirm-after} (rag.indexed for the new URL evicts it sooner). Whatever loss was
     * suspected before is over (the page answers, with a redirect): a loss seen after the move starts its own
     * {@code confirm-after}.
     *
     * @param confirming whether this check confirms a move to {@code newUrl} seen before (a scheduled check, not a
     *     sooner forced one)
     * @return true when {@code moved-max-rounds} confirming checks found the new URL still not indexed: the entry
     *     is to be evicted as moved anyway (the caller evicts it)
     */
    public boolean moving(LinkEntry e, String newUrl, long now, boolean confirming) {
        boolean sameMove = e.is(LinkStatus.SUSPECT) && MOVED.equals(e.reason) && newUrl.equals(e.movedTo);
        int rounds = sameMove ? e.movedRounds + (confirming ? 1 : 0) : 0;
        e.status = LinkStatus.SUSPECT.value();
        e.reason = MOVED;
        e.movedTo = newUrl;
        e.movedRounds = rounds;
        e.suspectSince = null;
        e.strikes = 0;
        e.firstStrikeAt = null;
        e.nextCheckAt = now + config.confirmAfter().toMillis();
        return rounds >= config.movedMaxRounds();
    }

    /** Out of the index. Entries evicted for a loss are checked again every {@code evicted-recheck-interval}. */
    public void evict(LinkEntry e, String reason, long now) {
        e.status = LinkStatus.EVICTED.value();
        e.reason = reason;
        e.evictedAt = now;
        e.suspectSince = null;
        e.heldAt = null;
        e.priority = false;
        e.nextCheckAt = now + config.evictedRecheckInterval().toMillis();
    }

    /** The guard keeps this eviction for an operator; the page is still checked, a 200 makes it active again. */
    public void hold(LinkEntry e, long now) {
        e.status = LinkStatus.HELD.value();
        e.heldAt = now;
        e.evictedAt = null;
        e.nextCheckAt = now + config.massEviction().heldRecheckInterval().toMillis();
        e.record(
                new CheckRecord(now, "held:" + e.reason, e.lastHttpStatus, "mass-eviction guard"),
                config.historySize());
    }

    /** A held entry checked and still lost. */
    public void stillHeld(LinkEntry e, long now) {
        e.nextCheckAt = now + config.massEviction().heldRecheckInterval().toMillis();
    }

    /** An evicted entry checked again (whatever came of it): the next look is one long interval away. */
    public void stillEvicted(LinkEntry e, long now) {
        e.nextCheckAt = now + config.evictedRecheckInterval().toMillis();
    }

    /** An operator lets a held eviction happen. */
    public void release(LinkEntry e, long now) {
        evict(e, e.reason, now);
        e.record(
                new CheckRecord(now, "released", e.lastHttpStatus, "held eviction released by an operator"),
                config.historySize());
    }

    /** An operator drops a held eviction: the entry is active again and checked on its usual interval. */
    public void discard(LinkEntry e, long now) {
        recovered(e);
        e.nextCheckAt = now + Math.max(e.intervalMs, config.minInterval().toMillis());
        e.record(
                new CheckRecord(now, "discarded", e.lastHttpStatus, "held eviction discarded by an operator"),
                config.historySize());
    }

    /** A new epoch (a re-ingest): the document is in the index again. */
    public void renewed(LinkEntry e, long now) {
        if (!e.is(LinkStatus.ACTIVE)) {
            recovered(e);
            e.evictedAt = null;
            e.nextCheckAt = now + Math.max(e.intervalMs, config.minInterval().toMillis());
        }
    }

    /** Whether an evicted entry is checked again for the page's return. */
    public static boolean watchedForReturn(LinkEntry e) {
        return e.evicted() && !NOT_WATCHED.contains(e.reason);
    }
}
