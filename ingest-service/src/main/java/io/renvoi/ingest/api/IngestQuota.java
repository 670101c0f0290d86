package io.renvoi.ingest.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.LimitExceededException;
import io.renvoi.ingest.jobs.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key's ingest limits: jobs not yet done at once ({@code concurrentJobs}; a job counts until {@code rag-jobs}
 * says it is done) and URLs submitted in the last hour ({@code urlsPerHour}). Beyond them: 429 with
 * {@code Retry-After}. A job first takes a {@link Reservation} (its slot and URLs, atomically), which it either
 * keeps under its job id or gives back when the job is refused. Counted per replica (the jobs and URLs this
 * replica accepted). Admin keys are not limited.
 */
@ApplicationScoped
public class IngestQuota {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration JOB_RETRY = Duration.ofSeconds(30);

    @Inject
    JobStore jobs;

    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    /** A job's slot and URLs, taken from a key's limits until {@link #keep}/{@link #release}. */
    public final class Reservation {
        private final Caller caller;
        private final String slot = "reserved-" + UUID.randomUUID();
        private int urls;
        private long at;

        private Reservation(Caller caller) {
            this.caller = caller;
        }

        /** The job was accepted: its slot counts under its id until it is done, its URLs for the hour. */
        public void keep(String jobId) {
            Usage u = usage(caller);
            if (u == null) return;
            synchronized (u) {
                if (u.running.remove(slot)) u.running.add(jobId);
            }
        }

        /** The job was refused (bad input, Kafka away): its slot and URLs go back. */
        public void release() {
            Usage u = usage(caller);
            if (u == null) return;
            synchronized (u) {
                u.running.remove(slot);
                u.remove(at, urls);
                urls = 0;
            }
        }

        /**
         * Takes {@code more} URLs (a sitemap's, once read) or refuses them. Unlike {@link #reserve} this does not
         * wait for a slot: the job already holds one.
         *
         * @throws LimitExceededException when the key's URLs per hour would be passed
         */
        public void addUrls(int more) {
            Usage u = usage(caller);
            if (u == null) return;
            synchronized (u) {
                long now = System.currentTimeMillis();
                u.expire(now);
                checkUrls(caller, u, more, now);
                u.add(now, more);
                urls += more;
                at = now;
            }
        }
    }

    /**
     * Takes a job slot and {@code urls} URLs (0 for a sitemap not yet read) for a new job of this caller.
     *
     * @throws LimitExceededException when either limit would be passed; nothing is taken then
     */
    public Reservation reserve(Caller caller, int urls) {
        Reservation r = new Reservation(caller);
        Usage u = usage(caller);
        if (u == null) return r;
        List<String> jobsToAsk;
        synchronized (u) {
            if (tryTake(caller, u, r, urls)) return r;
            jobsToAsk =
                    u.running.stream().filter(id -> !id.startsWith("reserved-")).toList();
        }
        // at the limit: ask rag-jobs which of the key's jobs are done, outside the lock (OpenSearch requests)
        List<String> done = jobsToAsk.stream().filter(this::done).toList();
        synchronized (u) {
            done.forEach(u.running::remove);
            if (tryTake(caller, u, r, urls)) return r;
        }
        throw new LimitExceededException(
                "this API key may run at most " + caller.limits().concurrentJobs()
                        + " ingest jobs at once; wait for one to finish",
                JOB_RETRY);
    }

    /** Under {@code u}'s lock: takes a slot and the URLs if both limits allow, else false (or 429 for the URLs). */
    private static boolean tryTake(Caller caller, Usage u, Reservation r, int urls) {
        long now = System.currentTimeMillis();
        u.expire(now);
        checkUrls(caller, u, urls, now);
        if (u.running.size() >= caller.limits().concurrentJobs()) return false;
        u.running.add(r.slot);
        u.add(now, urls);
        r.urls = urls;
        r.at = now;
        return true;
    }

    private static void checkUrls(Caller caller, Usage u, int urls, long now) {
        int max = caller.limits().urlsPerHour();
        // a sitemap (0 URLs until read) is refused once the hour's budget is spent
        if (urls > 0 ? u.urls + urls > max : u.urls >= max) {
            Duration wait = u.windows.isEmpty() || urls > max
                    ? HOUR
                    : Duration.ofMillis(Math.max(1000, u.windows.peekFirst()[0] + HOUR.toMillis() - now));
            throw new LimitExceededException(
                    "this API key may submit at most " + max + " URLs per hour (" + u.urls + " in the last hour, "
                            + urls + " more asked)",
                    wait);
        }
    }

    /** The usage of a limited caller; null for an admin or a caller without limits. */
    private Usage usage(Caller caller) {
        if (caller.isAdmin() || caller.limits() == null) return null;
        return usage.computeIfAbsent(caller.keyId(), id -> new Usage());
    }

    private boolean done(String jobId) {
        try {
            return jobs.find(jobId).map(s -> s.progress().done()).orElse(true);
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

        /** Gives back {@code n} URLs counted at {@code at}, if their minute is still in the window. */
        void remove(long at, int n) {
            if (n <= 0) return;
            long minute = at - at % 60_000;
            for (long[] w : windows) {
                if (w[0] == minute) {
                    long back = Math.min(n, w[1]);
                    w[1] -= back;
                    urls -= back;
                    return;
                }
            }
        }
    }
}
