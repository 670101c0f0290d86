package io.renvoi.links.check;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Runs a check round every {@code renvoi.links.scan-every} (off in tests, which run rounds directly). */
@ApplicationScoped
public class CheckScheduler {
    private static final Logger LOG = Logger.getLogger(CheckScheduler.class);

    @Inject
    LinkChecker checker;

    @Scheduled(
            every = "${renvoi.links.scan-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void round() {
        try {
            int checked = checker.runRound().size();
            if (checked > 0) {
                LOG.debugf("checked %d links", checked);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("check round failed: %s", e.toString());
        }
    }
}
