package io.renvoi.common.events;

/**
 * What a service saw of a source URL, published on {@link Topics#LINKS}: a cited passage found gone or
 * changed at answer time, or an eviction audit record of the link-checker.
 */
public record LinkObservation(
        String docId, String url, String collection, String status, int httpStatus, String source, long observedAt)
        implements KeyedEvent {

    /** What {@code source} saw of the document's URL now. */
    public static LinkObservation now(
            String docId, String url, String collection, String status, int httpStatus, String source) {
        return new LinkObservation(docId, url, collection, status, httpStatus, source, System.currentTimeMillis());
    }

    /** The record key: the document id. */
    @Override
    public String kafkaKey() {
        return docId;
    }
}
