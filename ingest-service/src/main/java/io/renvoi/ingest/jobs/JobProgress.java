package io.renvoi.ingest.jobs;

import java.util.Map;

/**
 * Where a job's URLs stand, from the job document and the count of its URL outcomes per state: the counts
 * {@code GET /api/v1/ingest-jobs/{jobId}} and the job list both show (unwrapped into their JSON). Reads nothing.
 *
 * @param queued URLs not yet fetched nor failed
 * @param fetched URLs fetched and extracted (whether later indexed, found unchanged or still in embedding)
 * @param unchanged URLs whose text and extractor version equal what is indexed: not re-embedded
 * @param indexed URLs embed-service reported indexed
 * @param failedCount how many URLs failed
 * @param done every URL is indexed, unchanged or failed, or the job failed as a whole
 */
public record JobProgress(
        int total, int queued, int fetched, int unchanged, int indexed, int failedCount, boolean done) {

    /**
     * @param resolving the job's sitemaps are still being read (more URLs may come)
     * @param failedAsWhole the job failed as a whole (its error is set)
     * @param byState the number of the job's URL outcomes in each {@link UrlState#field()} state
     */
    static JobProgress of(int total, boolean resolving, boolean failedAsWhole, Map<String, Integer> byState) {
        int fetchedOnly = byState.getOrDefault(UrlState.FETCHED.field(), 0);
        int unchanged = byState.getOrDefault(UrlState.UNCHANGED.field(), 0);
        int indexed = byState.getOrDefault(UrlState.INDEXED.field(), 0);
        int failed = byState.getOrDefault(UrlState.FAILED.field(), 0);
        boolean done = failedAsWhole || (!resolving && indexed + unchanged + failed >= total);
        return new JobProgress(
                total,
                Math.max(0, total - fetchedOnly - unchanged - indexed - failed),
                fetchedOnly + unchanged + indexed,
                unchanged,
                indexed,
                failed,
                done);
    }
}
