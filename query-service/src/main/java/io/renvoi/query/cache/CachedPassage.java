package io.renvoi.query.cache;

/**
 * A chunk text kept by the passage cache, with what is needed to re-validate it at its source.
 *
 * @param text the chunk text (its sha256 is part of the key)
 * @param etag the source's ETag when the text was verified, or null
 * @param lastModified the source's Last-Modified when the text was verified, or null
 * @param verifiedAt when the text was last seen at its source (epoch millis)
 */
public record CachedPassage(String text, String etag, String lastModified, long verifiedAt) {}
