package io.renvoi.ingest.frontier;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
    private final LinkedHashMap<String, ArrayDeque<FrontierEntry>> byShare = new LinkedHashMap<>();
    private int size;
    /** A fetch of this host is running: one at a time per host. */
    boolean busy;
    /** Not before this {@link System#nanoTime()}, or null: set after a failure on an unavailable dependency. */
    Long retryAt;
    /** When the dispatcher expects the host free; the order of the ready queue. */
    long readyAt;

    HostQueue(String key) {
        this.key = key;
    }

    void add(FrontierEntry e) {
        byShare.computeIfAbsent(e.share, s -> new ArrayDeque<>()).addLast(e);
        size++;
    }

    /** Puts an entry back at the head of its share (a retry keeps its place). */
    void addFirst(FrontierEntry e) {
        ArrayDeque<FrontierEntry> q = byShare.remove(e.share);
        if (q == null) {
            q = new ArrayDeque<>();
        }
        q.addFirst(e);
        // its share takes the next turn
        LinkedHashMap<String, ArrayDeque<FrontierEntry>> rest = new LinkedHashMap<>(byShare);
        byShare.clear();
        byShare.put(e.share, q);
        byShare.putAll(rest);
        size++;
    }

    FrontierEntry peek() {
        Iterator<ArrayDeque<FrontierEntry>> it = byShare.values().iterator();
        return it.hasNext() ? it.next().peekFirst() : null;
    }

    /** The next URL: the head of the first share, which then moves to the back of the line. */
    FrontierEntry poll() {
        Iterator<Map.Entry<String, ArrayDeque<FrontierEntry>>> it = byShare.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<String, ArrayDeque<FrontierEntry>> first = it.next();
        FrontierEntry e = first.getValue().pollFirst();
        it.remove();
        if (!first.getValue().isEmpty()) {
            byShare.put(first.getKey(), first.getValue());
        }
        size--;
        return e;
    }

    /** Removes and returns the entries that match (those of revoked partitions). */
    List<FrontierEntry> removeIf(Predicate<FrontierEntry> p) {
        List<FrontierEntry> removed = new ArrayList<>();
        Iterator<ArrayDeque<FrontierEntry>> shares = byShare.values().iterator();
        while (shares.hasNext()) {
            ArrayDeque<FrontierEntry> q = shares.next();
            q.removeIf(e -> {
                if (p.test(e)) {
                    removed.add(e);
                    return true;
                }
                return false;
            });
            if (q.isEmpty()) {
                shares.remove();
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
            int turns = 0;
            for (ArrayDeque<FrontierEntry> other : byShare.values()) {
                turns += Math.min(n, other.size());
            }
            out.put(mine.getKey(), turns);
        }
        return out;
    }

    /** How many URLs each share has here. */
    Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        byShare.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
