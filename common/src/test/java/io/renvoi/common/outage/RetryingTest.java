package io.renvoi.common.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingTest {
    private final Retrying retrying = new Retrying(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void anOutageIsWaitedOutAndTheStepsResultReturned() {
        AtomicInteger tries = new AtomicInteger();
        String result = retrying.call("write", () -> {
            if (tries.incrementAndGet() < 4) {
                throw new IOException("down", new ConnectException("refused"));
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(tries).hasValue(4);
    }

    @Test
    void aFailureRetryingCannotFixIsThrownAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> retrying.run("write", () -> {
                    tries.incrementAndGet();
                    throw new IllegalArgumentException("mapping error");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void kafkaRetriableErrorsAndTimeoutsAreTransientABadRecordIsNot() {
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("x")))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new RuntimeException(new org.apache.kafka.common.errors.TimeoutException("x"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.RecordTooLargeException("x")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bad")))
                .isFalse();
    }
}
