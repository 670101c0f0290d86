package io.renvoi.query.resolve;

import io.smallrye.reactive.messaging.kafka.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps what is sent; while {@code failing}, each send fails as when Kafka is away. */
final class RecordingEmitter implements Emitter<Record<String, String>> {
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
