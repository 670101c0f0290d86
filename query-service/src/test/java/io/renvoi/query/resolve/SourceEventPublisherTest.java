package io.renvoi.query.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** One CHANGED re-ingest per document per interval, however many answers find it changed. */
class SourceEventPublisherTest {
    @Test
    void aChangedDocumentIsReingestedOncePerInterval() {
        Sent sent = new Sent();
        AtomicLong nanos = new AtomicLong();
        SourceEventPublisher publisher = new SourceEventPublisher(new Sent(), sent, Duration.ofHours(1), nanos::get);
        assertThat(publisher.changed("d1", "http://a/1", "c")).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(publisher.changed("d1", "http://a/1", "c")).isFalse();
        }
        assertThat(publisher.changed("d2", "http://a/2", "c")).isTrue();
        nanos.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(publisher.changed("d1", "http://a/1", "c")).isFalse();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(publisher.changed("d1", "http://a/1", "c"))
                .as("a new interval")
                .isTrue();

        assertThat(sent.records).hasSize(3);
        List<IngestRequest> requests = sent.records.stream()
                .map(r -> EventJson.decode(r.value(), IngestRequest.class))
                .toList();
        assertThat(requests).extracting(IngestRequest::docId).containsExactly("d1", "d2", "d1");
        assertThat(requests).extracting(IngestRequest::reason).containsOnly(IngestReason.CHANGED);
    }

    @Test
    void aReingestWhoseSendFailedIsAskedForAgainByTheNextAnswer() {
        Sent sent = new Sent();
        sent.failing = true;
        SourceEventPublisher publisher = new SourceEventPublisher(new Sent(), sent, Duration.ofHours(1), () -> 0L);
        assertThat(publisher.changed("d1", "http://a/1", "c")).isTrue();
        sent.failing = false;
        assertThat(publisher.changed("d1", "http://a/1", "c"))
                .as("the failed send is not remembered")
                .isTrue();
        assertThat(publisher.changed("d1", "http://a/1", "c")).isFalse();
        assertThat(sent.records).hasSize(2);
    }

    /** Keeps what is sent; while {@code failing}, each send fails as when Kafka is away. */
    static final class Sent implements Emitter<Record<String, String>> {
        final List<Record<String, String>> records = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public CompletionStage<Void> send(Record<String, String> payload) {
            records.add(payload);
            return failing
                    ? CompletableFuture.failedFuture(new IllegalStateException("broker away"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends Record<String, String>>> void send(M msg) {}

        @Override
        public void complete() {}

        @Override
        public void error(Exception e) {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
