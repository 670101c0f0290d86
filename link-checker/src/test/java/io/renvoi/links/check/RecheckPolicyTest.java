package io.renvoi.links.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.links.check.RecheckPolicy.Action;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.config.TestConfigs;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle decisions of {@link RecheckPolicy} and {@link EntryLifecycle} without servers: how long a moved
 * page's old URL waits for its new URL, when an entry counts as indexed, and a loss after a move.
 */
class RecheckPolicyTest {
    static final long CONFIRM = Duration.ofMinutes(10).toMillis();
    static final String OLD = "https://example.org/old";
    static final String NEW = "https://example.org/new";

    final LinkCheckerConfig config = TestConfigs.config(Map.of());
    final RecheckPolicy policy = new RecheckPolicy(config, new EntryLifecycle(config));

    static LinkEntry entry() {
        LinkEntry e = new LinkEntry();
        e.docId = "0123456789abcdef";
        e.url = OLD;
        e.collection = "c";
        e.epoch = 1;
        e.indexedEpoch = 1;
        e.chunkCount = 3;
        e.intervalMs = Duration.ofDays(1).toMillis();
        return e;
    }

    static Verdict moved() {
        return new Verdict(
                Verdict.Kind.MOVED,
                "moved",
                301,
                "moved permanently",
                NEW,
                null,
                0,
                null,
                List.of(),
                List.of(),
                null,
                null);
    }

    static Verdict loss(int status, String reason) {
        return Verdict.of(Verdict.Kind.LOSS, reason, status, "lost", 0);
    }

    @Test
    void theDefaultIsSixConfirmingRounds() {
        assertThat(config.movedMaxRounds()).isEqualTo(6);
    }

    @Test
    void aMoveToAUrlThatIsNeverIndexedEvictsTheOldUrlAfterMovedMaxRoundsConfirmingChecks() {
        LinkEntry e = entry();
        long now = 1_000_000;
        assertThat(policy.apply(e, moved(), now, false)).isEqualTo(Action.REINGEST_NEW_URL);
        for (int round = 1; round < config.movedMaxRounds(); round++) {
            now = e.nextCheckAt;
            assertThat(policy.apply(e, moved(), now, false))
                    .as("round " + round)
                    .isEqualTo(Action.REINGEST_NEW_URL);
            assertThat(e.status).isEqualTo("suspect");
            assertThat(e.movedRounds).isEqualTo(round);
        }
        now = e.nextCheckAt;
        assertThat(policy.apply(e, moved(), now, false)).isEqualTo(Action.EVICT_MOVED);
        assertThat(e.status).isEqualTo("evicted");
        assertThat(e.reason).isEqualTo(EntryLifecycle.MOVED);
        assertThat(e.movedTo).isEqualTo(NEW);
        assertThat(EntryLifecycle.watchedForReturn(e)).isFalse();
    }

    @Test
    void forcedChecksSoonerThanConfirmAfterDoNotCountAsRounds() {
        LinkEntry e = entry();
        long now = 1_000_000;
        policy.apply(e, moved(), now, false);
        for (int i = 0; i < 20; i++) {
            assertThat(policy.apply(e, moved(), now + 1 + i, false)).isEqualTo(Action.REINGEST_NEW_URL);
        }
        assertThat(e.movedRounds).isZero();
        assertThat(e.status).isEqualTo("suspect");
    }

    @Test
    void aMoveToAnotherUrlOrAGoodAnswerStartsTheCountAgain() {
        LinkEntry e = entry();
        long now = 1_000_000;
        policy.apply(e, moved(), now, false);
        now = e.nextCheckAt;
        policy.apply(e, moved(), now, false);
        assertThat(e.movedRounds).isEqualTo(1);
        policy.apply(e, Verdict.of(Verdict.Kind.UNCHANGED, "not-modified", 304, "same", 0), now + 1, false);
        assertThat(e.status).isEqualTo("active");
        assertThat(e.movedRounds).isZero();
        policy.apply(e, moved(), now + 2, false);
        assertThat(e.movedRounds).isZero();
    }

    @Test
    void theNewUrlIndexedEvictsAtOnce() {
        LinkEntry e = entry();
        assertThat(policy.apply(e, moved(), 1_000_000, true)).isEqualTo(Action.EVICT_MOVED);
        assertThat(e.status).isEqualTo("evicted");
    }

    @Test
    void anEntryRegisteredBeforeIndexedEpochExistedCountsAsIndexedWhenIngestedWithChunks() {
        LinkEntry legacy = entry();
        legacy.indexedEpoch = 0;
        assertThat(legacy.indexed()).isTrue();
        LinkEntry reported = entry();
        reported.chunkCount = 0;
        assertThat(reported.indexed()).isTrue();
        LinkEntry never = new LinkEntry();
        assertThat(never.indexed()).isFalse();
        LinkEntry noChunks = entry();
        noChunks.indexedEpoch = 0;
        noChunks.chunkCount = 0;
        assertThat(noChunks.indexed()).isFalse();
    }

    @Test
    void aLossRightAfterAMoveStartsItsOwnConfirmAfter() {
        LinkEntry e = entry();
        long now = 1_000_000;
        // a 404 first: suspect since now
        assertThat(policy.apply(e, loss(404, "gone"), now, false)).isEqualTo(Action.NONE);
        assertThat(e.suspectSince).isEqualTo(now);
        // then a redirect, confirm-after later: the page answers, the earlier loss is over
        now += CONFIRM;
        assertThat(policy.apply(e, moved(), now, false)).isEqualTo(Action.REINGEST_NEW_URL);
        assertThat(e.suspectSince).isNull();
        // a 404 right after the move does not confirm the one before it
        now += 1;
        assertThat(policy.apply(e, loss(404, "gone"), now, false)).isEqualTo(Action.NONE);
        assertThat(e.status).isEqualTo("suspect");
        assertThat(e.reason).isEqualTo("gone");
        assertThat(e.suspectSince).isEqualTo(now);
        assertThat(e.nextCheckAt).isEqualTo(now + CONFIRM);
        // confirmed by its own second sighting
        assertThat(policy.apply(e, loss(404, "gone"), now + CONFIRM, false)).isEqualTo(Action.EVICT);
        assertThat(e.status).isEqualTo("evicted");
    }

    @Test
    void anyLossConfirmsAnotherConfirmAfterLaterAsDocumented() {
        LinkEntry e = entry();
        long now = 1_000_000;
        assertThat(policy.apply(e, loss(404, "gone"), now, false)).isEqualTo(Action.NONE);
        // sooner (a forced check) confirms nothing
        assertThat(policy.apply(e, loss(403, "access-lost"), now + CONFIRM - 1, false))
                .isEqualTo(Action.NONE);
        assertThat(e.suspectSince).isEqualTo(now);
        assertThat(policy.apply(e, loss(403, "access-lost"), now + CONFIRM, false))
                .isEqualTo(Action.EVICT);
        assertThat(e.reason).isEqualTo("access-lost");
    }

    @Test
    void aLossAfterAMoveEndsTheMove() {
        LinkEntry e = entry();
        policy.apply(e, moved(), 1_000_000, false);
        policy.apply(e, loss(404, "gone"), 1_000_001, false);
        assertThat(e.movedTo).isNull();
        assertThat(e.reason).isEqualTo("gone");
    }
}
