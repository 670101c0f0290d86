package io.renvoi.ingest.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.LimitExceededException;
import io.renvoi.ingest.jobs.JobStatus;
import io.renvoi.ingest.jobs.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key's ingest limits: jobs not yet done at once ({@code concurrentJobs}; a job counts until {@code rag-jobs}
 * says it is done) and URLs submitted in the last hour ({@code urlsPerHour}). Beyond them: 429 with
 * {@code Retry-After}. Counted per replica (the jobs and URLs this replica accepted). Admin keys are not limited.
 */
@ApplicationScoped
public class IngestQuota {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration JOB_RETRY = Duration.ofSeconds(30);

    private final JobStore jobs;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    IngestQuota(JobStore jobs) {
        this.jobs = jobs;
    }

    /**
     * Takes {@code urls} URLs (0 for a sitemap not yet read) and one job slot for a new job of this caller.
     *
     * @throws LimitExceededException when either limit would be passed; nothing is taken then
     */
    public void admit(Caller caller, int urls) {
        if (caller.isAdmin() || caller.limits() == null) return;
        Usage u = usage.computeIfAbsent(caller.keyId(), id -> new Usage());
        synchronized (u) {
            long now = System.currentTimeMillis();
            u.expire(now);
            int maxUrls = caller.limits().urlsPerHour();
            if (urls > 0 && u.urls + urls > maxUrls) {
                Duration wait = u.windows.isEmpty() || urls > maxUrls ? HOUR
                        : Duration.ofMillis(Math.max(1000, u.windows.peekFirst()[0] + HOUR.toMillis() - now));
                throw new LimitExceededException("this API key may submit at most " + maxUrls + " URLs per hour ("
                        + u.urls + " in the last hour, " + urls + " more asked)", wait);
            }
            if (u.running.size() >= caller.limits().concurrentJobs()) {
                u.running.removeIf(this::done);
            }
            if (u.running.size() >= caller.limits().concurrentJobs()) {
                throw new LimitExceededException("this API key may run at most " + caller.limits().concurrentJobs()
                        + " ingest jobs at once; wait for one to finish", JOB_RETRY);
            }
            u.add(now, urls);
        }
    }

    /** Counts a job admitted by {@link #admit} until it is done. */
    public void started(Caller caller, String jobId) {
        if (caller.isAdmin() || caller.limits() == null) return;
        Usage u = usage.get(caller.keyId());
        if (u != null) {
            synchronized (u) {
                u.running.add(jobId);
            }
        }
    }

    /** Counts the URLs a sitemap job turned out to hold (after its admission). */
    public void addUrls(Caller caller, int urls) {
        if (caller.isAdmin() || caller.limits() == null) return;
        Usage u = usage.computeIfAbsent(caller.keyId(), id -> new Usage());
        synchronized (u) {
            u.add(System.currentTimeMillis(), urls);
        }
    }

    private boolean done(String jobId) {
        try {
            return jobs.find(jobId).map(JobStatus::done).orElse(true);
        } catch (RuntimeException e) {
            return false; // unknown: still counted
        }
    }

    /** One key's jobs in flight and its URLs of the last hour (per-minute counts). */
    private static final class Usage {
        final Set<String> running = new LinkedHashSet<>();
        final Deque<long[]> windows = new ArrayDeque<>(); // {minute start millis, urls}
        long urls;

        void expire(long now) {
            while (!windows.isEmpty() && windows.peekFirst()[0] + HOUR.toMillis() <= now) {
                urls -= windows.pollFirst()[1];
            }
        }

        void add(long now, int n) {
            if (n <= 0) return;
            long minute = now - now % 60_000;
            long[] last = windows.peekLast();
            if (last != null && last[0] == minute) {
                last[1] += n;
            } else {
                windows.addLast(new long[] {minute, n});
            }
            urls += n;
        }
    }
}
