package io.renvoi.ingest.frontier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Back-pressure on the frontier's intake: while fewer than {@code max-queued} URLs wait, an offer is accepted at
 * once; beyond, its stage completes only when room frees, so the Kafka consumer takes no more records meanwhile.
 * Not thread-safe: the {@link Frontier} holds its lock, and completes the freed stages after unlocking.
 */
final class IntakeRoom {
    private final int maxQueued;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

    IntakeRoom(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** The stage of an offer that leaves {@code queued} URLs waiting. */
    CompletionStage<Void> admit(int queued) {
        if (queued < maxQueued) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        waiting.add(room);
        return room;
    }

    /** The offers that waited, once {@code queued} leaves room; to complete after unlocking. */
    List<CompletableFuture<Void>> freed(int queued) {
        if (queued >= maxQueued || waiting.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Void>> room = new ArrayList<>(waiting);
        waiting.clear();
        return room;
    }
}
