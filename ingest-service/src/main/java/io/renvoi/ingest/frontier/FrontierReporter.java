package io.renvoi.ingest.frontier;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.ingest.jobs.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every {@code report-every}, writes to {@code rag-jobs} what waits in this replica's frontier for each job (URLs
 * queued, and when the last one is expected to start), so that the job status of any replica shows a time to
 * completion; a job whose URLs left this replica's queues is reported once more with nothing queued. Also lets
 * the politeness schedule forget sites idle for ten minutes.
 */
@ApplicationScoped
public class FrontierReporter {
    private static final Logger LOG = Logger.getLogger(FrontierReporter.class);

    @Inject
    Frontier frontier;

    @Inject
    JobStore jobs;

    @Inject
    FrontierConfig config;

    @Inject
    SafeFetcher fetcher;

    private final String replica = UUID.randomUUID().toString().substring(0, 8);
    private final Set<String> reported = new HashSet<>();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("frontier-report"));
        long every = config.reportEvery().toMillis();
        timer.scheduleWithFixedDelay(this::report, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void report() {
        fetcher.forgetIdleSites(Duration.ofMinutes(10));
        try {
            long now = System.currentTimeMillis();
            Map<String, JobBacklog> backlog = frontier.backlogByJob();
            Set<String> current = new HashSet<>();
            for (Map.Entry<String, JobBacklog> e : backlog.entrySet()) {
                if (JobStore.JOB_ID.matcher(e.getKey()).matches()) {
                    jobs.reportBacklog(
                            e.getKey(),
                            replica,
                            e.getValue().queued(),
                            now + e.getValue().etaMillis());
                    current.add(e.getKey());
                }
            }
            for (String gone : reported) {
                if (!current.contains(gone)) {
                    jobs.reportBacklog(gone, replica, 0, now);
                }
            }
            reported.clear();
            reported.addAll(current);
        } catch (RuntimeException e) {
            LOG.debugf("cannot report the frontier's backlog: %s", e.toString());
        }
    }
}
