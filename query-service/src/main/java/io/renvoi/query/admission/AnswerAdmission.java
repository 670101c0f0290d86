package io.renvoi.query.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.query.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits answers up to {@code renvoi.query.limits.concurrent-answers} JSON/text answers and
 * {@code concurrent-streams} streamed ones in progress at once; beyond that a request gets
 * {@link TooBusyException} (429 with Retry-After) at once instead of queueing. Reads the limits; writes the
 * gauges {@code renvoi.query.answers.in.progress{mode}}.
 */
@ApplicationScoped
public class AnswerAdmission {
    private final Semaphore answers;
    private final Semaphore streams;
    private final QueryConfig config;

    AnswerAdmission(QueryConfig config, MeterRegistry registry) {
        this.config = config;
        this.answers = new Semaphore(config.limits().concurrentAnswers());
        this.streams = new Semaphore(config.limits().concurrentStreams());
        registry.gauge(
                "renvoi.query.answers.in.progress",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("mode", "json")),
                answers,
                s -> config.limits().concurrentAnswers() - s.availablePermits());
        registry.gauge(
                "renvoi.query.answers.in.progress",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("mode", "stream")),
                streams,
                s -> config.limits().concurrentStreams() - s.availablePermits());
    }

    /** A permit for one JSON or text answer. */
    public Permit answer() {
        return acquire(answers, "answers", config.limits().concurrentAnswers());
    }

    /** A permit for one streamed answer, held until its stream ends. */
    public Permit stream() {
        return acquire(streams, "streamed answers", config.limits().concurrentStreams());
    }

    private Permit acquire(Semaphore semaphore, String what, int limit) {
        if (!semaphore.tryAcquire()) {
            throw new TooBusyException(
                    "too many " + what + " in progress (at most " + limit + "); retry later",
                    config.limits().retryAfter());
        }
        return new Permit(semaphore);
    }

    /** Released once, however often {@link #close()} is called. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore semaphore;
        private final AtomicBoolean released = new AtomicBoolean();

        Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }
    }
}
