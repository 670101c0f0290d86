package io.renvoi.common.events;

/**
 * What a service saw of a source URL, published on {@link Topics#LINKS}: a cited passage found gone or
 * changed at answer time, or an eviction audit record of the link-checker.
 */
public record LinkObservation(
        String docId, String url, String collection, String status, int httpStatus, String source, long observedAt) {}
