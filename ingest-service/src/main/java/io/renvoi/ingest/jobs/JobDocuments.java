package io.renvoi.ingest.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The three kinds of document {@link JobStore} writes to {@value JobStore#INDEX} (mapping
 * {@code rag-jobs.json}: snake_case fields, absent ones left out), as the typed OpenSearch client maps them.
 */
final class JobDocuments {
    /** A failure detail as stored: at most this many characters. */
    static final int MAX_DETAIL_CHARS = 500;

    private JobDocuments() {}

    /** {@code job:{jobId}}: the job as submitted, and its error if it failed as a whole. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Job(
            String kind,
            String jobId,
            String collection,
            int total,
            boolean resolving,
            long createdAt,
            String error,
            String detail) {
        static Job of(String jobId, String collection, int total, boolean resolving) {
            return new Job("job", jobId, collection, total, resolving, System.currentTimeMillis(), null, null);
        }

        Job failed(String why, String whyInDetail) {
            return new Job(kind, jobId, collection, total, resolving, createdAt, why, shortened(whyInDetail));
        }

        /** {@code error: detail}, the error alone, or null when the job did not fail as a whole. */
        String errorText() {
            return error == null ? null : error + (detail != null ? ": " + detail : "");
        }
    }

    /** {@code frontier:{jobId}:{replica}}: what waits for a job in one replica's frontier. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FrontierReport(String kind, String jobId, String replica, int queued, long etaAt, long updatedAt) {
        static FrontierReport of(String jobId, String replica, int queued, long etaAt) {
            return new FrontierReport("frontier", jobId, replica, queued, etaAt, System.currentTimeMillis());
        }
    }

    /** {@code {jobId}:{docId}}: where one URL of a job stands. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UrlOutcome(
            String kind,
            String jobId,
            String docId,
            String url,
            String state,
            long updatedAt,
            String reason,
            String detail) {
        static UrlOutcome of(String jobId, String docId, String url, UrlState state, String reason, String detail) {
            return new UrlOutcome(
                    "url", jobId, docId, url, state.field(), System.currentTimeMillis(), reason, shortened(detail));
        }
    }

    private static String shortened(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS);
    }
}
