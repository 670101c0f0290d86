package io.renvoi.query.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.renvoi.query.QueryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
    @Inject
    QueryConfig config;

    @Inject
    MeterRegistry registry;

    private Semaphore answers;
    private Semaphore streams;

    @PostConstruct
    void init() {
        answers = new Semaphore(config.limits().concurrentAnswers());
        streams = new Semaphore(config.limits().concurrentStreams());
        registry.gauge(
                "renvoi.query.answers.in.progress",
                List.of(Tag.of("mode", "json")),
                answers,
                s -> config.limits().concurrentAnswers() - s.availablePermits());
        registry.gauge(
                "renvoi.query.answers.in.progress",
                List.of(Tag.of("mode", "stream")),
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
