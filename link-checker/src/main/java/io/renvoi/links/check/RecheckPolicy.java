package io.renvoi.links.check;

import io.renvoi.common.embed.Embedder;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkEntry.CheckRecord;
import io.renvoi.links.registry.LinkStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a {@link Verdict} into the entry's next state: when to check again (intervals grow while a page is
 * unchanged and shrink when it changes, within bounds), and whether to evict. Transient failures are
 * strikes with exponential backoff (never sooner than a Retry-After); they evict only after
 * {@code strikes} in a row spread over at least {@code strike-window}, so a passing outage evicts nothing.
 * An unchanged page whose vectors come from another embedding model is re-embedded.
 */
@ApplicationScoped
public class RecheckPolicy {
    /** What the checker must publish after the entry is written. */
    public enum Action {
        NONE,
        REINGEST,
        /** The page is unchanged but its vectors come from another embedding model: fetch and embed it again. */
        REEMBED,
        MOVE,
        EVICT
    }

    private final LinkCheckerConfig config;

    RecheckPolicy(LinkCheckerConfig config) {
        this.config = config;
    }

    public Action apply(LinkEntry e, Verdict v, long now) {
        e.lastCheckAt = now;
        e.lastHttpStatus = v.httpStatus();
        e.checks++;
        e.bytesDownloaded += v.bytes();
        e.priority = false;
        Action action = switch (v.kind()) {
            case UNCHANGED -> {
                recovered(e);
                e.intervalMs = bounded(e.intervalMs * 2);
                e.nextCheckAt = now + e.intervalMs;
                if (v.docSha256() != null) e.docSha256 = v.docSha256();
                e.etag = v.etag();
                e.lastModified = v.lastModified();
                yield embeddedByAnotherModel(e) ? Action.REEMBED : Action.NONE;
            }
            case CHANGED -> {
                recovered(e);
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
                e.movedTo = v.newUrl();
                evict(e, "moved", now);
                yield Action.MOVE;
            }
            case EVICT -> {
                evict(e, v.reason(), now);
                yield Action.EVICT;
            }
            case STRIKE -> strike(e, v, now);
        };
        String detail = v.kind() == Verdict.Kind.CHANGED && !v.changedChunks().isEmpty()
                ? v.detail() + ": chunks " + v.changedChunks() : v.detail();
        e.record(new CheckRecord(now, v.kind().name().toLowerCase() + ":" + v.reason(), v.httpStatus(), detail),
                config.historySize());
        return action;
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
        if (e.strikes >= config.strikes() && now - e.firstStrikeAt >= config.strikeWindow().toMillis()) {
            evict(e, "unreachable:" + v.reason(), now);
            return Action.EVICT;
        }
        e.status = LinkStatus.SUSPECT.value();
        e.reason = v.reason();
        long backoff = Math.min(config.strikeBackoff().toMillis() << Math.min(e.strikes - 1, 20),
                config.maxInterval().toMillis());
        if (v.retryAfter() != null) {
            backoff = Math.max(backoff, v.retryAfter().toMillis());
        }
        e.nextCheckAt = now + backoff;
        return Action.NONE;
    }

    private static void recovered(LinkEntry e) {
        e.status = LinkStatus.ACTIVE.value();
        e.reason = null;
        e.strikes = 0;
        e.firstStrikeAt = null;
    }

    private static void evict(LinkEntry e, String reason, long now) {
        e.status = LinkStatus.EVICTED.value();
        e.reason = reason;
        e.evictedAt = now;
    }

    private long bounded(long intervalMs) {
        return Math.max(config.minInterval().toMillis(), Math.min(config.maxInterval().toMillis(), intervalMs));
    }
}
