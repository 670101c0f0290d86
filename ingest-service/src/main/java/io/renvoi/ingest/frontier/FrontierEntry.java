package io.renvoi.ingest.frontier;

import io.renvoi.common.events.IngestRequest;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * One accepted request waiting in its host's queue: the request, the Kafka message acknowledged once it is
 * processed (so its offset is committed only then), and the partition it came from (dropped when revoked).
 */
final class FrontierEntry {
    final IngestRequest request;
    final Message<?> message;
    final int partition;
    final String hostKey;
    /** Fair-share group within a host: the job, or for requests without a job their reason and collection. */
    final String share;
    /** Failed tries, outages included (for the backoff). */
    int attempts;
    /** Failed tries for a reason that is not an outage (given up after {@link EntryAttempt#MAX_FAULTS}). */
    int faults;

    FrontierEntry(IngestRequest request, Message<?> message, int partition, String hostKey) {
        this.request = request;
        this.message = message;
        this.partition = partition;
        this.hostKey = hostKey;
        this.share = request.jobId() != null ? request.jobId() : request.reason() + ":" + request.collection();
    }
}
