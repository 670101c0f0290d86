package io.renvoi.common.events;

/** An event carried on a Kafka topic: it names its own record key (the order Kafka keeps is per key). */
public interface KeyedEvent {
    /** The record key: the document id for document-scoped events, the site for {@link IngestRequest}. */
    String kafkaKey();
}
