package io.renvoi.ingest.frontier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.outage.TransientFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The crawl frontier of this replica: accepted requests wait in a queue per host (politeness key), never in a
 * thread or a running fetch. One dispatcher thread starts a URL only when its host is free by the shared
 * {@link io.renvoi.common.fetch.HostSchedule} (so fetch time limits start when the request is sent), at most
 * one fetch per host and {@code max-in-flight} in all (a slow or stalled host holds one worker, not all),
 * hosts in the order they come free, jobs within a host round robin ({@link HostQueue}), and not while
 * embed-service is more than {@code max-documents-ahead} documents behind ({@link EmbedBacklog}). Work that
 * failed on an unavailable dependency goes back to the head of its queue with a growing backoff; nothing is
 * dropped, and the Kafka offset of a request is committed only once it is processed, so a crash or a
 * rebalance replays what was waiting. Reads rag.ingest.requests through {@link FrontierIntake}; the work
 * itself is {@link PageProcessor}'s.
 */
@ApplicationScoped
public class Frontier {
    private static final Logger LOG = Logger.getLogger(Frontier.class);
    private static final long MAX_BACKOFF_NANOS = Duration.ofMinutes(1).toNanos();
    /** Tries of a request failing for a reason that is not an outage (a bug, a bad record) before it is given up. */
    static final int MAX_ATTEMPTS_OF_A_FAULT = 3;

    private final FrontierConfig config;
    private final SafeFetcher fetcher;
    private final PageProcessor processor;
    private final EmbedBacklog backlog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, HostQueue> hosts = new HashMap<>();
    private final PriorityQueue<HostQueue> ready =
            new PriorityQueue<>((a, b) -> Long.compare(a.readyAt - b.readyAt, 0));
    private final List<CompletableFuture<Void>> waitingForRoom = new ArrayList<>();
    /** Partitions taken from this replica by a rebalance (until assigned to it again). */
    private final java.util.Set<Integer> revoked = new java.util.HashSet<>();

    private int queued;
    private int inFlight;
    private volatile boolean running;
    private Thread dispatcher;
    private ExecutorService workers;

    Frontier(
            FrontierConfig config,
            SafeFetcher fetcher,
            PageProcessor processor,
            EmbedBacklog backlog,
            MeterRegistry meters) {
        this.config = config;
        this.fetcher = fetcher;
        this.processor = processor;
        this.backlog = backlog;
        Gauge.builder("renvoi.frontier.queued", this, Frontier::queued).register(meters);
        Gauge.builder("renvoi.frontier.in.flight", this, Frontier::inFlight).register(meters);
        Gauge.builder("renvoi.frontier.hosts", this, Frontier::hostCount).register(meters);
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.maxInFlight(), r -> {
            Thread t = new Thread(r, "frontier-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        dispatcher = new Thread(this::dispatch, "frontier-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Puts a request in its host's queue. The stage completes at once while the queues have room, else when
     * room frees: the consumer takes no more records meanwhile (they stay in Kafka).
     */
    CompletionStage<Void> offer(FrontierEntry entry) {
        lock.lock();
        try {
            HostQueue host = hosts.computeIfAbsent(entry.hostKey, HostQueue::new);
            boolean wasIdle = host.isEmpty() && !host.busy;
            host.add(entry);
            queued++;
            if (wasIdle) {
                makeReady(host);
            }
            changed.signalAll();
            if (queued < config.maxQueued()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> room = new CompletableFuture<>();
            waitingForRoom.add(room);
            return room;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the waiting requests of partitions this replica no longer owns: their new owner reads them again. */
    void dropPartitions(Set<Integer> partitions) {
        List<CompletableFuture<Void>> room;
        lock.lock();
        try {
            revoked.addAll(partitions);
            int dropped = 0;
            for (HostQueue host : new ArrayList<>(hosts.values())) {
                dropped += host.removeIf(e -> partitions.contains(e.partition)).size();
                if (host.isEmpty() && !host.busy) {
                    hosts.remove(host.key);
                    ready.remove(host);
                }
            }
            queued -= dropped;
            if (dropped > 0) {
                LOG.infof("partitions %s revoked: %d waiting requests left to their new owner", partitions, dropped);
            }
            room = takeRoomWaiters();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        room.forEach(f -> f.complete(null));
    }

    /** Partitions (re)assigned to this replica: their requests are ours again. */
    void assigned(Set<Integer> partitions) {
        lock.lock();
        try {
            revoked.removeAll(partitions);
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        while (running) {
            try {
                dispatchOne();
            } catch (InterruptedException e) {
                return;
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return;
            } catch (RuntimeException e) { // the only dispatcher must outlive any surprise
                LOG.errorf(e, "frontier dispatch failed; going on");
            }
        }
    }

    /** Starts the next URL whose host is free, or waits until one may be. */
    private void dispatchOne() throws InterruptedException {
        HostQueue host;
        FrontierEntry entry;
        List<CompletableFuture<Void>> room;
        lock.lock();
        try {
            if (inFlight >= config.maxInFlight() || ready.isEmpty()) {
                changed.await(1, TimeUnit.SECONDS);
                return;
            }
            if (backlog.full()) {
                changed.await(200, TimeUnit.MILLISECONDS);
                return;
            }
            host = ready.peek();
            long at = freeAt(host);
            long now = System.nanoTime(); // after freeAt: a host never asked is free "now" by the schedule's clock
            if (at - now > 0) {
                if (at != host.readyAt) { // the schedule moved (a redirect or robots.txt took a slot): re-sort, look
                    // again
                    ready.poll();
                    host.readyAt = at;
                    ready.add(host);
                    return;
                }
                changed.awaitNanos(Math.min(at - now, TimeUnit.SECONDS.toNanos(1)));
                return;
            }
            ready.poll();
            entry = host.poll();
            if (entry == null) { // emptied by a rebalance while it waited
                if (!host.busy) hosts.remove(host.key, host);
                return;
            }
            host.busy = true;
            queued--;
            inFlight++;
            room = takeRoomWaiters();
        } finally {
            lock.unlock();
        }
        room.forEach(f -> f.complete(null));
        HostQueue h = host;
        FrontierEntry e = entry;
        try {
            workers.execute(() -> work(h, e));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            finished(h, e, false);
            throw stopping;
        }
    }

    private void work(HostQueue host, FrontierEntry entry) {
        boolean done = false;
        try {
            processor.process(entry);
            done = true;
            entry.message.ack();
        } catch (Throwable e) { // an Error from a page's extraction must not leave the host busy for good either
            if (!done) {
                entry.attempts++;
                if (!TransientFailures.isTransient(e) && ++entry.faults >= MAX_ATTEMPTS_OF_A_FAULT) {
                    done = gaveUp(entry, e);
                } else {
                    LOG.warnf(
                            "%s: %s; trying again (attempt %d)", entry.request.url(), e.toString(), entry.attempts + 1);
                }
            } else {
                LOG.warnf("%s: processed, but its acknowledgement failed: %s", entry.request.url(), e.toString());
            }
        } finally {
            finished(host, entry, done);
        }
    }

    /**
     * A failure that is not an outage, seen {@value #MAX_ATTEMPTS_OF_A_FAULT} times: waiting will not fix it, so the URL
     * is recorded as failed ({@code internal}) and its record acknowledged. False when even that could not be recorded.
     */
    private boolean gaveUp(FrontierEntry entry, Throwable e) {
        LOG.errorf(
                e,
                "%s: failed %d times for a reason that is not an outage; giving up",
                entry.request.url(),
                entry.faults);
        try {
            processor.recordFault(entry.request, e);
            entry.message.ack();
            return true;
        } catch (RuntimeException recordFailed) {
            LOG.warnf("%s: cannot record the failure yet: %s", entry.request.url(), recordFailed.toString());
            return false;
        }
    }

    private void finished(HostQueue host, FrontierEntry entry, boolean done) {
        lock.lock();
        try {
            host.busy = false;
            inFlight--;
            if (done) {
                host.retryAt = null;
            } else if (revoked.contains(entry.partition)) {
                // its partition moved to another replica while it ran: the new owner has it; not ours to retry
            } else {
                host.addFirst(entry);
                queued++;
                long backoff = Math.min(
                        MAX_BACKOFF_NANOS, config.retryBackoff().toNanos() << Math.min(entry.attempts - 1, 16));
                host.retryAt = System.nanoTime() + backoff;
            }
            if (host.isEmpty()) {
                hosts.remove(host.key);
            } else {
                makeReady(host);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void makeReady(HostQueue host) {
        host.readyAt = freeAt(host);
        ready.add(host);
    }

    /** When the host may be asked next: its politeness slot, or a retry backoff if later. */
    private long freeAt(HostQueue host) {
        FrontierEntry next = host.peek();
        long slot = next == null ? System.nanoTime() : fetcher.freeAt(next.request.url());
        Long retry = host.retryAt;
        return retry != null && retry - slot > 0 ? retry : slot;
    }

    /** The offers waiting for room, once there is room; the caller completes them after unlocking. */
    private List<CompletableFuture<Void>> takeRoomWaiters() {
        if (queued >= config.maxQueued() || waitingForRoom.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Void>> room = new ArrayList<>(waitingForRoom);
        waitingForRoom.clear();
        return room;
    }

    /**
     * What waits here for each job: URLs queued in this replica and the time until the last of them is
     * expected to start, from each host's queue position (round robin) and the host's politeness interval.
     */
    Map<String, JobBacklog> backlogByJob() {
        Map<String, JobBacklog> out = new HashMap<>();
        lock.lock();
        try {
            for (HostQueue host : hosts.values()) {
                FrontierEntry sample = host.peek();
                if (sample == null) {
                    continue;
                }
                long intervalMs =
                        Math.max(fetcher.interval(sample.request.url()).toMillis(), 1);
                Map<String, Integer> sizes = host.sizes();
                host.turnsUntilDone()
                        .forEach((share, turns) -> out.merge(
                                share,
                                new JobBacklog(sizes.get(share), turns * intervalMs),
                                (a, b) -> new JobBacklog(
                                        a.queued() + b.queued(), Math.max(a.etaMillis(), b.etaMillis()))));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** URLs of one job waiting in this replica, and the estimated time until the last one starts. */
    record JobBacklog(int queued, long etaMillis) {}

    int queued() {
        return locked(() -> queued);
    }

    int inFlight() {
        return locked(() -> inFlight);
    }

    int hostCount() {
        return locked(hosts::size);
    }

    private int locked(java.util.function.IntSupplier read) {
        lock.lock();
        try {
            return read.getAsInt();
        } finally {
            lock.unlock();
        }
    }

    /** The politeness key a URL waits under (its site, or its host when an operator set one for it). */
    String keyOf(String url) {
        return fetcher.politeness().key(url);
    }
}
