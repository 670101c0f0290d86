package io.renvoi.common.events;

/** Kafka topic names of the platform; services and tests reuse these constants. */
public final class Topics {
    /** Ingest requests: {@link IngestRequest}, keyed by the URL's site (one consumer owns a site's crawl queue). */
    public static final String INGEST_REQUESTS = "rag.ingest.requests";
    /** Document upserts and deletes: {@link DocumentEvent}, keyed by document id. */
    public static final String DOCUMENTS = "rag.documents";
    /** Indexing outcomes: {@link IndexedEvent}, keyed by document id. */
    public static final String INDEXED = "rag.indexed";
    /** Link observations and eviction audit records: {@link LinkObservation}. */
    public static final String LINKS = "rag.links";
    /** API keys, compacted: {@code io.renvoi.common.auth.ApiKey} keyed by key id, a tombstone per revoked key. */
    public static final String KEYS = "rag.keys";

    private Topics() {}

    /** The dead-letter topic of a consumed topic. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
