package io.renvoi.ingest.frontier;

import io.renvoi.common.fetch.SafeFetcher;
import java.util.PriorityQueue;

/**
 * The hosts that have a URL to start, in the order they may be asked next: each host's politeness slot by the
 * fetcher's schedule, or its retry backoff when later. Not thread-safe: the {@link Frontier} holds its lock.
 */
final class ReadyHosts {
    private final SafeFetcher fetcher;
    private final PriorityQueue<HostQueue> queue =
            new PriorityQueue<>((a, b) -> Long.compare(a.readyAt - b.readyAt, 0));

    ReadyHosts(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Adds a host that has a URL to start and is not busy. */
    void add(HostQueue host) {
        host.readyAt = freeAt(host);
        queue.add(host);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The host that may be asked soonest, still in the queue. */
    HostQueue first() {
        return queue.peek();
    }

    /** Takes the first host out (its URL is starting). */
    void takeFirst() {
        queue.poll();
    }

    void remove(HostQueue host) {
        queue.remove(host);
    }

    /** Sorts the first host again at {@code at}: the schedule moved (a redirect or robots.txt took a slot). */
    void resortFirst(long at) {
        HostQueue host = queue.poll();
        host.readyAt = at;
        queue.add(host);
    }

    /** When the host may be asked next: its politeness slot, or a retry backoff if later. */
    long freeAt(HostQueue host) {
        FrontierEntry next = host.peek();
        long slot = next == null ? System.nanoTime() : fetcher.freeAt(next.request.url());
        Long retry = host.retryAt;
        return retry != null && retry - slot > 0 ? retry : slot;
    }
}
