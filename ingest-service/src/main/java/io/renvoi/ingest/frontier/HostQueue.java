package io.renvoi.ingest.frontier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The URLs waiting for one host (politeness key), shared fairly between the jobs that want them: each turn
 * takes the next URL of the next job, round robin, so a one-page job is not stuck behind a 10,000-page one.
 * Not thread-safe: the {@link Frontier} guards it.
 */
final class HostQueue {
    final String key;
    /** Each share's URLs, in order. */
    private final Map<String, ArrayDeque<FrontierEntry>> byShare = new HashMap<>();
    /** The shares in the order of their next turns; each one with URLs is here once. */
    private final ArrayDeque<ArrayDeque<FrontierEntry>> turns = new ArrayDeque<>();

    private int size;
    /** A fetch of this host is running: one at a time per host. */
    boolean busy;
    /** Not before this {@link System#nanoTime()}, or null: set after a failure on an unavailable dependency. */
    Long retryAt;
    /** When the dispatcher expects the host free; the order of the ready queue. */
    long readyAt;
    /** {@link System#nanoTime()} of the last {@link #poll}, 0 before the first. */
    private long lastTakenAt;
    /**
     * The observed time between two turns of this host (fetch, extraction and politeness interval together), a
     * moving average over the turns since its queue last filled; 0 until two turns were taken.
     */
    private long turnNanos;

    HostQueue(String key) {
        this.key = key;
    }

    void add(FrontierEntry e) {
        ArrayDeque<FrontierEntry> q = byShare.get(e.share);
        if (q == null) {
            q = new ArrayDeque<>();
            byShare.put(e.share, q);
            turns.addLast(q);
        }
        q.addLast(e);
        size++;
    }

    /** Puts an entry back at the head of its share, whose turn comes next (a retry keeps its place). */
    void addFirst(FrontierEntry e) {
        ArrayDeque<FrontierEntry> q = byShare.get(e.share);
        if (q == null) {
            q = new ArrayDeque<>();
            byShare.put(e.share, q);
        } else {
            turns.remove(q); // ArrayDeque has identity equality: this removes exactly this share
        }
        q.addFirst(e);
        turns.addFirst(q);
        size++;
    }

    FrontierEntry peek() {
        ArrayDeque<FrontierEntry> q = turns.peekFirst();
        return q == null ? null : q.peekFirst();
    }

    /** The next URL: the head of the share whose turn it is, which then goes to the back of the line. */
    FrontierEntry poll() {
        ArrayDeque<FrontierEntry> q = turns.pollFirst();
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        if (lastTakenAt != 0) {
            long gap = now - lastTakenAt;
            turnNanos = turnNanos == 0 ? gap : (3 * turnNanos + gap) / 4;
        }
        lastTakenAt = now;
        FrontierEntry e = q.pollFirst();
        if (q.isEmpty()) {
            byShare.remove(e.share);
        } else {
            turns.addLast(q);
        }
        size--;
        return e;
    }

    /** Removes and returns the entries that match (those of revoked partitions). */
    List<FrontierEntry> removeIf(Predicate<FrontierEntry> p) {
        List<FrontierEntry> removed = new ArrayList<>();
        Iterator<ArrayDeque<FrontierEntry>> it = turns.iterator();
        while (it.hasNext()) {
            ArrayDeque<FrontierEntry> q = it.next();
            String share = q.isEmpty() ? null : q.peekFirst().share;
            q.removeIf(e -> p.test(e) && removed.add(e));
            if (q.isEmpty()) {
                it.remove();
                byShare.remove(share);
            }
        }
        size -= removed.size();
        return removed;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * For each share, how many turns of this host pass until its last URL is taken: round robin means a share of
     * n URLs is done after the sum over all shares of min(n, their size) turns.
     */
    Map<String, Integer> turnsUntilDone() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, ArrayDeque<FrontierEntry>> mine : byShare.entrySet()) {
            int n = mine.getValue().size();
            int count = 0;
            for (ArrayDeque<FrontierEntry> other : byShare.values()) {
                count += Math.min(n, other.size());
            }
            out.put(mine.getKey(), count);
        }
        return out;
    }

    /** The observed time between two turns of this host in milliseconds, 0 while unknown. */
    long turnMillis() {
        return turnNanos / 1_000_000;
    }

    /** How many URLs each share has here. */
    Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        byShare.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
