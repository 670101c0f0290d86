package io.renvoi.links.check;

import java.time.Duration;
import java.util.List;

/**
 * What one fetch of a registered URL says about it, before any policy (strikes, intervals) is applied.
 *
 * @param kind the class of outcome
 * @param reason short machine-readable reason (gone, access-lost, noindex, moved, http-503, timeout, ...)
 * @param httpStatus the final HTTP status, 0 when no response
 * @param detail a human explanation
 * @param newUrl the new address after permanent redirects (MOVED only)
 * @param retryAfter the delay the server asked for, or null
 * @param bytes body bytes downloaded
 * @param docSha256 hash of the extracted text (UNCHANGED after a 200, CHANGED)
 * @param chunkHashes chunk hashes of the new text (CHANGED only)
 * @param changedChunks ords of the previously indexed chunks whose text is no longer found (CHANGED only)
 * @param etag the validator served with the page, or null
 * @param lastModified the Last-Modified served with the page, or null
 */
public record Verdict(
        Kind kind,
        String reason,
        int httpStatus,
        String detail,
        String newUrl,
        Duration retryAfter,
        long bytes,
        String docSha256,
        List<String> chunkHashes,
        List<Integer> changedChunks,
        String etag,
        String lastModified) {

    /** The classes of outcome. */
    public enum Kind {
        /** 304, or the same text. */
        UNCHANGED,
        /** Different text: re-ingest. */
        CHANGED,
        /** Permanent redirect: re-ingest under the new URL, evict the old one once the new one is indexed. */
        MOVED,
        /** A definitive loss: 410, robots.txt now disallows the page. Evicts at once. */
        EVICT,
        /** A loss that may be passing: 404, 401/403, noindex. Evicts when seen again {@code confirm-after} later. */
        LOSS,
        /** A transient failure: counts towards eviction. */
        STRIKE
    }

    /** A verdict without text, new URL, retry hint or validators; the {@code with} methods add them. */
    static Verdict of(Kind kind, String reason, int httpStatus, String detail, long bytes) {
        return new Verdict(kind, reason, httpStatus, detail, null, null, bytes, null, List.of(), List.of(), null, null);
    }

    /** This verdict for a page that moved to {@code url}. */
    Verdict withNewUrl(String url) {
        return with(url, retryAfter, docSha256, chunkHashes, changedChunks, etag, lastModified);
    }

    /** This verdict with the server's Retry-After. */
    Verdict withRetryAfter(Duration after) {
        return with(newUrl, after, docSha256, chunkHashes, changedChunks, etag, lastModified);
    }

    /** This verdict with what the page's text now is: its hash, its chunks' hashes and which indexed ones changed. */
    Verdict withText(String sha, List<String> hashes, List<Integer> changed) {
        return with(newUrl, retryAfter, sha, hashes, changed, etag, lastModified);
    }

    /** This verdict with the validators to send on the next conditional check. */
    Verdict withValidators(String etag, String lastModified) {
        return with(newUrl, retryAfter, docSha256, chunkHashes, changedChunks, etag, lastModified);
    }

    /** This verdict's outcome (kind, reason, status, detail, bytes) with the given optional parts. */
    private Verdict with(
            String url,
            Duration after,
            String sha,
            List<String> hashes,
            List<Integer> changed,
            String etag,
            String lastModified) {
        return new Verdict(
                kind, reason, httpStatus, detail, url, after, bytes, sha, hashes, changed, etag, lastModified);
    }
}
