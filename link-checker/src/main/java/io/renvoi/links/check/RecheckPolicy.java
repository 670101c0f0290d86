package io.renvoi.links.check;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a {@link Verdict} into the entry's next state, through {@link EntryLifecycle}: when to check again
 * (intervals grow while a page is unchanged and shrink when it changes, within bounds) and what to publish. A
 * 410 or a robots.txt refusal evicts at once; a 404, 401/403 or {@code noindex} only when seen again
 * {@code confirm-after} later; transient failures are strikes with exponential backoff (never sooner than a
 * Retry-After) that evict only after {@code strikes} in a row spread over at least {@code strike-window}. A
 * moved page's old URL is evicted once the new URL is indexed, or after {@code moved-max-rounds} confirming checks
 * that still found it redirected to a URL that is not indexed. Evicted entries are looked at on a long
 * interval and re-ingested when they answer again. Reads and writes nothing itself.
 */
@ApplicationScoped
public class RecheckPolicy {
    /** What the checker must publish before the entry is written. */
    public enum Action {
        NONE,
        /** Changed text: re-ingest the page. */
        REINGEST,
        /** The page is unchanged but its vectors come from another embedding model: fetch and embed it again. */
        REEMBED,
        /** A permanent redirect to a URL not indexed yet: ingest the new URL, keep the old one for now. */
        REINGEST_NEW_URL,
        /** A loss, confirmed or definitive: delete from the index, unless the mass-eviction guard holds it. */
        EVICT,
        /** The old URL of a moved page whose new URL is indexed: delete it (never held). */
        EVICT_MOVED,
        /** An evicted page answers again: ingest it again. */
        REINGEST_RETURNED
    }

    private final LinkCheckerConfig config;
    private final EntryLifecycle lifecycle;

    RecheckPolicy(LinkCheckerConfig config, EntryLifecycle lifecycle) {
        this.config = config;
        this.lifecycle = lifecycle;
    }

    /**
     * @param newUrlIndexed for a MOVED verdict: whether the URL it moved to is indexed already
     */
    public Action apply(LinkEntry e, Verdict v, long now, boolean newUrlIndexed) {
        e.lastCheckAt = now;
        e.lastHttpStatus = v.httpStatus();
        e.checks++;
        e.bytesDownloaded += v.bytes();
        e.priority = false;
        if (e.host == null) {
            e.host = LinkEntry.hostOf(e.url);
        }
        boolean good = v.kind() == Verdict.Kind.UNCHANGED || v.kind() == Verdict.Kind.CHANGED;
        Action action;
        if (e.evicted()) {
            lifecycle.stillEvicted(e, now);
            action = good && EntryLifecycle.watchedForReturn(e) ? Action.REINGEST_RETURNED : Action.NONE;
        } else if (e.held() && !good) {
            lifecycle.stillHeld(e, now);
            action = Action.NONE;
        } else {
            action = live(e, v, now, newUrlIndexed);
        }
        String detail = v.kind() == Verdict.Kind.CHANGED && !v.changedChunks().isEmpty()
                ? v.detail() + ": chunks " + v.changedChunks()
                : v.detail();
        e.record(
                new CheckRecord(now, v.kind().name().toLowerCase() + ":" + v.reason(), v.httpStatus(), detail),
                config.historySize());
        return action;
    }

    private Action live(LinkEntry e, Verdict v, long now, boolean newUrlIndexed) {
        return switch (v.kind()) {
            case UNCHANGED -> {
                lifecycle.recovered(e);
                e.intervalMs = bounded(e.intervalMs * 2);
                e.nextCheckAt = now + e.intervalMs;
                if (v.docSha256() != null) e.docSha256 = v.docSha256();
                e.etag = v.etag();
                e.lastModified = v.lastModified();
                yield embeddedByAnotherModel(e) ? Action.REEMBED : Action.NONE;
            }
            case CHANGED -> {
                lifecycle.recovered(e);
                e.intervalMs = bounded(e.intervalMs / 2);
                e.nextCheckAt = now + e.intervalMs;
                // the re-ingest brings the same values on rag.documents; set now so that the next check
                // does not ask again meanwhile
                e.docSha256 = v.docSha256();
                e.chunkHashes = v.chunkHashes();
                e.etag = v.etag();
                e.lastModified = v.lastModified();
                yield Action.REINGEST;
            }
            case MOVED -> {
                String newUrl = UrlNormalizer.normalize(v.newUrl());
                if (newUrlIndexed) {
                    e.movedTo = newUrl;
                    lifecycle.evict(e, EntryLifecycle.MOVED, now);
                    yield Action.EVICT_MOVED;
                }
                // a scheduled check (not a sooner forced one) confirms the move
                boolean confirming = now >= e.nextCheckAt;
                if (lifecycle.moving(e, newUrl, now, confirming)) {
                    // the new URL was asked for every round and is still not indexed (noindex, robots.txt, a type
                    // or an address ingest refuses, a user's deletion): the content is no longer at the old URL
                    lifecycle.evict(e, EntryLifecycle.MOVED, now);
                    yield Action.EVICT_MOVED;
                }
                yield Action.REINGEST_NEW_URL;
            }
            case EVICT -> {
                lifecycle.evict(e, v.reason(), now);
                yield Action.EVICT;
            }
            case LOSS -> {
                if (lifecycle.lossConfirmed(e, v.reason(), now)) {
                    lifecycle.evict(e, v.reason(), now);
                    yield Action.EVICT;
                }
                yield Action.NONE;
            }
            case STRIKE -> strike(e, v, now);
        };
    }

    /**
     * Vectors reported by rag.indexed with another embedding version than this build's. Entries without a
     * version (indexed before versions were reported) are not re-embedded here; a re-ingest of them is.
     */
    static boolean embeddedByAnotherModel(LinkEntry e) {
        return e.embeddingVersion != null && !Embedder.isCurrentEmbedding(e.embeddingVersion);
    }

    private Action strike(LinkEntry e, Verdict v, long now) {
        e.strikes++;
        if (e.firstStrikeAt == null) {
            e.firstStrikeAt = now;
        }
        if (e.strikes >= config.strikes()
                && now - e.firstStrikeAt >= config.strikeWindow().toMillis()) {
            lifecycle.evict(e, "unreachable:" + v.reason(), now);
            return Action.EVICT;
        }
        long backoff = Math.min(
                config.strikeBackoff().toMillis() << Math.min(e.strikes - 1, 20),
                config.maxInterval().toMillis());
        if (v.retryAfter() != null) {
            backoff = Math.max(backoff, v.retryAfter().toMillis());
        }
        lifecycle.struck(e, v.reason(), now + backoff);
        return Action.NONE;
    }

    private long bounded(long intervalMs) {
        return Math.max(
                config.minInterval().toMillis(), Math.min(config.maxInterval().toMillis(), intervalMs));
    }
}
