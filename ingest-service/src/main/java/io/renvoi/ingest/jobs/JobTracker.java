package io.renvoi.ingest.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress of ingestion jobs, advanced by the ingest workers (fetched, failed) and by rag.indexed
 * (indexed). Walking-skeleton scope: held in memory by the replica that created the job.
 */
@ApplicationScoped
public class JobTracker {
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public void create(String jobId, String collection, int total) {
        jobs.put(jobId, new Job(jobId, collection, total));
    }

    public Optional<JobStatus> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::status);
    }

    public void fetched(String jobId) {
        update(jobId, job -> job.fetched++);
    }

    public void indexed(String jobId) {
        update(jobId, job -> job.indexed++);
    }

    public void unchanged(String jobId) {
        update(jobId, job -> job.unchanged++);
    }

    public void failed(String jobId, String url, String reason) {
        update(jobId, job -> job.failed.add(new JobStatus.Failure(url, reason)));
    }

    private void update(String jobId, java.util.function.Consumer<Job> change) {
        if (jobId == null) return;
        Job job = jobs.get(jobId);
        if (job != null) {
            synchronized (job) {
                change.accept(job);
            }
        }
    }

    private static final class Job {
        final String jobId;
        final String collection;
        final int total;
        int fetched;
        int unchanged;
        int indexed;
        final List<JobStatus.Failure> failed = new ArrayList<>();

        Job(String jobId, String collection, int total) {
            this.jobId = jobId;
            this.collection = collection;
            this.total = total;
        }

        synchronized JobStatus status() {
            int finished = indexed + unchanged + failed.size();
            int queued = Math.max(0, total - fetched - failed.size());
            return new JobStatus(jobId, collection, total, queued, fetched, unchanged, indexed, List.copyOf(failed),
                    finished >= total);
        }
    }
}
