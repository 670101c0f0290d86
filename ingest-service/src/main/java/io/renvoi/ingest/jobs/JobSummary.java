package io.renvoi.ingest.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One job as {@code GET /api/v1/ingest-jobs} lists it: the {@link JobProgress} counts of {@link JobStatus} without
 * the failure list and time left (read those from {@code GET /api/v1/ingest-jobs/{jobId}}).
 *
 * @param createdAt when the job was submitted (its sitemap read), epoch millis
 */
public record JobSummary(
        String jobId,
        String collection,
        long createdAt,
        @JsonUnwrapped JobProgress progress,
        String error) {}
