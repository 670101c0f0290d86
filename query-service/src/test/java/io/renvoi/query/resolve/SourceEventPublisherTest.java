package io.renvoi.query.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One CHANGED re-ingest per document per interval, however many answers find it changed. */
class SourceEventPublisherTest {
    @Test
    void aChangedDocumentIsReingestedOncePerInterval() {
        RecordingEmitter sent = new RecordingEmitter();
        AtomicLong nanos = new AtomicLong();
        SourceEventPublisher publisher =
                new SourceEventPublisher(new RecordingEmitter(), sent, Duration.ofHours(1), nanos::get);
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
        RecordingEmitter sent = new RecordingEmitter();
        sent.failing = true;
        SourceEventPublisher publisher =
                new SourceEventPublisher(new RecordingEmitter(), sent, Duration.ofHours(1), () -> 0L);
        assertThat(publisher.changed("d1", "http://a/1", "c")).isTrue();
        sent.failing = false;
        assertThat(publisher.changed("d1", "http://a/1", "c"))
                .as("the failed send is not remembered")
                .isTrue();
        assertThat(publisher.changed("d1", "http://a/1", "c")).isFalse();
        assertThat(sent.records).hasSize(2);
    }
}
