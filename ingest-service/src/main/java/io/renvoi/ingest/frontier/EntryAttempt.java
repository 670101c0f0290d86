package io.renvoi.ingest.frontier;

import io.renvoi.common.outage.TransientFailures;
import org.jboss.logging.Logger;

/**
 * One try of a frontier entry: runs it through the {@link PageProcessor} and acknowledges its Kafka record. A
 * failure counts an attempt; one that is not an outage also counts a fault, and the {@value #MAX_FAULTS}th fault
 * is given up: the URL is recorded as failed ({@code internal}) and its record acknowledged, since waiting will
 * not fix it. Whatever is not done goes back to its host's queue (the {@link Frontier}'s part).
 */
final class EntryAttempt {
    private static final Logger LOG = Logger.getLogger(EntryAttempt.class);
    /** Tries of a request failing for a reason that is not an outage (a bug, a bad record) before it is given up. */
    static final int MAX_FAULTS = 3;

    private final PageProcessor processor;

    EntryAttempt(PageProcessor processor) {
        this.processor = processor;
    }

    /** @return whether the entry is done (processed, or given up and acknowledged) */
    boolean run(FrontierEntry entry) {
        boolean processed = false;
        try {
            processor.process(entry);
            processed = true;
            entry.message.ack();
            return true;
        } catch (Throwable e) { // an Error from a page's extraction must not leave the host busy for good either
            if (processed) {
                // done all the same: processing it again would only repeat the work; the record replays on restart
                LOG.warnf("%s: processed, but its acknowledgement failed: %s", entry.request.url(), e.toString());
                return true;
            }
            entry.attempts++;
            if (!TransientFailures.isTransient(e) && ++entry.faults >= MAX_FAULTS) {
                return giveUp(entry, e);
            }
            LOG.warnf("%s: %s; trying again (attempt %d)", entry.request.url(), e.toString(), entry.attempts + 1);
            return false;
        }
    }

    /** Records the URL as failed and acknowledges it; false when even that could not be recorded. */
    private boolean giveUp(FrontierEntry entry, Throwable e) {
        LOG.errorf(
                e,
                "%s: failed %d times for a reason that is not an outage; giving up",
                entry.request.url(),
                entry.faults);
        try {
            processor.recordFault(entry.request, e);
            entry.message.ack();
            return true;
        } catch (RuntimeException recordFailed) {
            LOG.warnf("%s: cannot record the failure yet: %s", entry.request.url(), recordFailed.toString());
            return false;
        }
    }
}
