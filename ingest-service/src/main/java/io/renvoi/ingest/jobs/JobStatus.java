package io.renvoi.ingest.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * What {@code GET /api/v1/ingest-jobs/{jobId}} returns: the job's {@link JobProgress} counts (as top-level fields),
 * its failures and the time left.
 *
 * @param failed failed URLs and their reason (at most 1000 of them; {@code failedCount} says how many in all)
 * @param etaSeconds estimated seconds until the last queued URL is fetched, from the crawl frontier's host queues
 *     and the time a turn of each host takes (its politeness interval, or longer as observed); null when nothing
 *     waits or no estimate is known. Waiting for a host's turn is never a failure.
 * @param error why the job as a whole failed, as {@code reason: detail} (e.g. {@code sitemap-too-deep: ...}), else null
 */
public record JobStatus(
        String jobId,
        String collection,
        @JsonUnwrapped JobProgress progress,
        List<Failure> failed,
        Long etaSeconds,
        String error) {

    /** A URL of the job that could not be indexed, and why (one of the reasons in the README). */
    public record Failure(String url, String reason) {}
}
