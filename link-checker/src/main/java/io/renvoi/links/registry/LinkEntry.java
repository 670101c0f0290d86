package io.renvoi.links.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One document in the link registry ({@code rag-links}): where it lives, what was indexed of it, and what
 * the link-checker knows of it. Mutable on purpose: it is only changed inside
 * {@link LinkRegistry#update}, which writes it back with optimistic concurrency. Times are epoch millis.
 */
public class LinkEntry {
    public String docId;
    public String url;
    /** The URL's host and port (when not the default): the unit the mass-eviction guard counts in. */
    public String host;

    public String collection;
    /** One of {@link LinkStatus}'s names. */
    public String status = LinkStatus.ACTIVE.value();
    /** Why the entry is suspect or evicted (gone, access-lost, noindex, moved, unreachable:...), else null. */
    public String reason;

    public long epoch;
    /** The epoch of the last INDEXED outcome on rag.indexed; 0 while the document was never reported indexed. */
    public long indexedEpoch;

    public int chunkCount;
    public String etag;
    public String lastModified;
    public String docSha256;
    public List<String> chunkHashes = new ArrayList<>();
    /** The embedding version of the indexed vectors (from rag.indexed), null when not reported. */
    public String embeddingVersion;
    /** Transient failures in a row, and when the first of them happened. */
    public int strikes;

    public Long firstStrikeAt;
    /** When a loss (404, 401/403, noindex) was first seen; it evicts once seen again {@code confirm-after} later. */
    public Long suspectSince;
    /** When the mass-eviction guard held this entry's eviction. */
    public Long heldAt;

    public Long lastCheckAt;
    public long nextCheckAt;
    /** The interval that placed {@link #nextCheckAt} after the last successful check. */
    public long intervalMs;

    public int lastHttpStatus;
    /** Set by an observation from query-service: checked before other due entries. */
    public boolean priority;

    public String leaseOwner;
    public long leaseUntil;
    public long registeredAt;
    public Long evictedAt;
    /** The new address after a permanent redirect. */
    public String movedTo;
    /**
     * Confirming checks that found the page still moved to {@link #movedTo} while that URL was not indexed yet; at
     * {@code moved-max-rounds} the old URL is evicted anyway.
     */
    public int movedRounds;

    public long checks;
    public long bytesDownloaded;
    /** The latest outcomes, newest last. */
    public List<CheckRecord> history = new ArrayList<>();

    /** One check (or registry event) and what came of it. */
    public record CheckRecord(long at, String outcome, int httpStatus, String detail) {}

    public boolean evicted() {
        return LinkStatus.EVICTED.value().equals(status);
    }

    /**
     * Whether the document is in the index: reported INDEXED on rag.indexed, or (entries registered before
     * {@link #indexedEpoch} existed, whose re-ingests that came back unchanged report nothing) ingested with chunks.
     */
    public boolean indexed() {
        return indexedEpoch > 0 || (epoch > 0 && chunkCount > 0);
    }

    public boolean held() {
        return LinkStatus.HELD.value().equals(status);
    }

    public boolean is(LinkStatus s) {
        return s.value().equals(status);
    }

    /** The host of a URL in lower case, with its port when one is given ({@code 127.0.0.1:8090}). */
    public static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            String host = uri.getHost();
            if (host == null) {
                return String.valueOf(url);
            }
            host = host.toLowerCase(Locale.ROOT);
            return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return String.valueOf(url);
        }
    }

    public void record(CheckRecord record, int keep) {
        history.add(record);
        while (history.size() > keep) {
            history.remove(0);
        }
    }
}
