package io.renvoi.common.fetch;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When each politeness key (see {@link PolitenessPolicy#key}) may be asked next, shared by every fetch of the
 * process. A request reserves the key's next slot and the slot after it starts one interval later, so
 * concurrent callers queue fairly instead of bursting; when its answer arrives the next slot moves to one
 * interval after that ({@link #holdAfterAnswer}), so the site never sees two requests closer than the interval. The crawl frontier asks {@link #freeAt} and
 * dispatches a URL only when its key is free, so its fetches never wait here; other callers (answer-time
 * re-reads, link checks) {@link #acquire} and sleep until their slot. In memory only: within one service the
 * frontier owns each host it crawls (rag.ingest.requests is keyed by host).
 */
public final class HostSchedule {
    private final ConcurrentHashMap<String, Long> nextSlot = new ConcurrentHashMap<>();

    /** The {@link System#nanoTime()} at which the key's next slot starts (now or earlier when free). */
    public long freeAt(String key) {
        Long next = nextSlot.get(key);
        return next == null ? System.nanoTime() : next;
    }

    /**
     * Reserves the key's next slot without waiting.
     *
     * @return how long until the reserved slot starts (zero when free now)
     */
    public Duration reserve(String key, Duration interval) {
        long now = System.nanoTime();
        long[] start = new long[1];
        nextSlot.compute(key, (k, next) -> {
            start[0] = next == null || next - now < 0 ? now : next;
            return start[0] + interval.toNanos();
        });
        return Duration.ofNanos(Math.max(0, start[0] - now));
    }

    /**
     * Reserves the key's next slot and waits until it starts.
     *
     * @return how long the caller waited
     */
    public Duration acquire(String key, Duration interval) throws InterruptedException {
        Duration wait = reserve(key, interval);
        if (!wait.isZero()) {
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        }
        return wait;
    }

    /**
     * Moves the key's next slot to at least {@code interval} from now: called when an answer has arrived, so the
     * interval separates the end of one request from the start of the next (as a site counts it), whatever
     * delayed the request between its reservation and the wire.
     */
    public void holdAfterAnswer(String key, Duration interval) {
        long until = System.nanoTime() + interval.toNanos();
        nextSlot.compute(key, (k, next) -> next == null || next - until < 0 ? until : next);
    }

    /** Forgets keys whose slot passed long ago (bounded memory over many hosts). */
    public void sweep(Duration olderThan) {
        long limit = System.nanoTime() - olderThan.toNanos();
        nextSlot.values().removeIf(next -> next - limit < 0);
    }
}
