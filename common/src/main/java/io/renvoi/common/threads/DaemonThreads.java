package io.renvoi.common.threads;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the services' own pools and timers: daemon threads (they never hold a stopping JVM
 * open; each owner shuts its pool down on shutdown) with names that say what they run, for thread dumps and
 * logs.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Every thread named {@code name} (a single-thread executor, or a pool whose threads are alike). */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    /**
     * A pool of at most {@code threads} threads named {@code prefix-n} that end after a minute idle, and a queue of
     * {@code queue} tasks beyond them: a task submitted when both are full is rejected
     * ({@link java.util.concurrent.RejectedExecutionException}), never queued without bound.
     */
    public static ThreadPoolExecutor boundedPool(String prefix, int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), numbered(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One daemon thread running {@code task}, not started. */
    public static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
