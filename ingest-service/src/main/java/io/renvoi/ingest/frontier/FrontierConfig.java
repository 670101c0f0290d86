package io.renvoi.ingest.frontier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The crawl frontier's bounds ({@code renvoi.frontier.*}). */
@ConfigMapping(prefix = "renvoi.frontier")
public interface FrontierConfig {
    /** Pages fetched and processed at once, over all hosts (one at a time per host). */
    @WithDefault("16")
    int maxInFlight();

    /**
     * Requests held in the host queues before the consumer stops taking more from Kafka (they wait there,
     * durable, until room frees). Each costs about 1-2 KB of heap (the request and its Kafka record).
     */
    @WithDefault("50000")
    int maxQueued();

    /**
     * How many documents rag.documents may hold that embed-service has not consumed yet (its consumer lag)
     * before the frontier stops starting fetches: crawling never floods the pipeline far ahead of embedding.
     * 0 disables the check.
     */
    @WithDefault("128")
    int maxDocumentsAhead();

    /** embed-service's consumer group on rag.documents, whose lag is the back-pressure signal. */
    @WithDefault("renvoi-embed")
    String embedGroup();

    /** How often the lag is read. */
    @WithDefault("1s")
    Duration lagEvery();

    /** First wait before a request that failed on an unavailable dependency is tried again; doubled up to a minute. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** How often each replica records its queue estimates (queued URLs, time to completion) per job in rag-jobs. */
    @WithDefault("2s")
    Duration reportEvery();
}
