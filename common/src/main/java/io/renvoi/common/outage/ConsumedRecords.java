package io.renvoi.common.outage;

import io.renvoi.common.events.PoisonRecordException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Settles a consumed record by how its step ended: done, it is acknowledged; refused as one that can never be
 * processed ({@link PoisonRecordException}), it is nacked, which sends it to the channel's dead-letter topic;
 * interrupted (the application stopping while the step waited to retry an outage), it is neither: its offset is
 * not committed and the record is consumed again after the restart (every step is idempotent). Any other failure
 * (one {@link TransientFailures} calls final, such as a mapping error) is nacked as before.
 */
public final class ConsumedRecords {
    private static final Logger LOG = Logger.getLogger(ConsumedRecords.class);

    private ConsumedRecords() {}

    /** What a listener does with a record's payload; may throw {@link PoisonRecordException}. */
    @FunctionalInterface
    public interface Step {
        void run(String payload);
    }

    public static CompletionStage<Void> settle(Message<String> record, String channel, Step step) {
        try {
            step.run(record.getPayload());
        } catch (PoisonRecordException e) {
            return record.nack(e);
        } catch (RuntimeException e) {
            if (interrupted(e)) {
                LOG.infof(
                        "%s: a record's step was interrupted (%s); left unacknowledged, it is consumed again after "
                                + "a restart",
                        channel, e.getMessage());
                Thread.currentThread().interrupt();
                return CompletableFuture.completedFuture(null);
            }
            return record.nack(e);
        }
        return record.ack();
    }

    /** Whether the failure comes from an interrupt ({@link Retrying} wraps it in IllegalStateException). */
    static boolean interrupted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }
}
