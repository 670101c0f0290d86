package io.renvoi.ingest.jobs;

import java.util.List;

/**
 * What {@code GET /api/v1/ingest-jobs/{jobId}} returns.
 *
 * @param queued URLs not yet fetched nor failed
 * @param fetched URLs fetched and extracted (whether later indexed, found unchanged or still in embedding)
 * @param unchanged URLs whose text and extractor version equal what is indexed: not re-embedded
 * @param indexed URLs embed-service reported indexed
 * @param failedCount how many URLs failed (the list holds at most 1000 of them)
 * @param failed failed URLs and their reason
 * @param done every URL is indexed, unchanged or failed (or the job failed as a whole: see {@code error})
 * @param etaSeconds estimated seconds until the last queued URL is fetched, from the crawl frontier's host queues
 *     and the time a turn of each host takes (its politeness interval, or longer as observed); null when nothing waits or no estimate is known. Waiting for a host's turn
 *     is never a failure.
 * @param error why the job as a whole failed, as {@code reason: detail} (e.g. {@code sitemap-too-deep: ...}), else null
 */
public record JobStatus(
        String jobId,
        String collection,
        int total,
        int queued,
        int fetched,
        int unchanged,
        int indexed,
        int failedCount,
        List<Failure> failed,
        boolean done,
        Long etaSeconds,
        String error) {

    /** A URL of the job that could not be indexed, and why (one of the reasons in the README). */
    public record Failure(String url, String reason) {}
}
