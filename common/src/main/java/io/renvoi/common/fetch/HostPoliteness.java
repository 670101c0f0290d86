package io.renvoi.common.fetch;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-host request spacing shared by every fetch of the process (ingest workers, answer-time re-reads,
 * link checks): at most one request per {@code interval} per host, or per the host's robots.txt
 * crawl-delay when that is longer. Callers reserve a slot and sleep until it comes, so concurrent
 * callers queue up fairly instead of bursting. Reads and writes nothing but its in-memory slot table.
 */
public final class HostPoliteness {
    private final long defaultIntervalNanos;
    private final ConcurrentHashMap<String, Long> nextSlot = new ConcurrentHashMap<>();

    public HostPoliteness(Duration interval) {
        this.defaultIntervalNanos = interval.toNanos();
    }

    /**
     * Reserves the next request slot for the host and waits until it starts.
     *
     * @param host scheme, host and port, e.g. {@code https://example.org:443}
     * @param crawlDelay the host's robots.txt crawl-delay, or {@link Duration#ZERO}
     * @return how long the caller waited
     */
    public Duration acquire(String host, Duration crawlDelay) throws InterruptedException {
        long interval = Math.max(defaultIntervalNanos, crawlDelay.toNanos());
        long now = System.nanoTime();
        long[] start = new long[1];
        nextSlot.compute(host, (h, next) -> {
            start[0] = next == null || next - now < 0 ? now : next;
            return start[0] + interval;
        });
        long wait = start[0] - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return Duration.ofNanos(Math.max(0, wait));
    }
}
