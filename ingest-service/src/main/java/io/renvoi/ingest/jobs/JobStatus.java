package io.renvoi.ingest.jobs;

import java.util.List;

/** What {@code GET /api/v1/ingest-jobs/{jobId}} returns. */
public record JobStatus(
        String jobId,
        String collection,
        int total,
        int queued,
        int fetched,
        int unchanged,
        int indexed,
        List<Failure> failed,
        boolean done) {

    /** A URL of the job that could not be indexed, and why (a reason of {@code FetchOutcome} or extraction). */
    public record Failure(String url, String reason) {}
}
