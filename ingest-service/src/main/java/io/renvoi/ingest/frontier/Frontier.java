package io.renvoi.ingest.frontier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.threads.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The crawl frontier of this replica: accepted requests wait in a queue per host (politeness key), never in a
 * thread or a running fetch. One dispatcher thread starts a URL only when its host is free by the shared
 * {@link io.renvoi.common.fetch.HostSchedule} (so fetch time limits start when the request is sent), at most
 * one fetch per host and {@code max-in-flight} in all (a slow or stalled host holds one worker, not all),
 * hosts in the order they come free ({@link ReadyHosts}), jobs within a host round robin ({@link HostQueue}),
 * intake held back while the queues are full ({@link IntakeRoom}), and not while
 * embed-service is more than {@code max-documents-ahead} documents behind ({@link EmbedBacklog}). Work that
 * failed on an unavailable dependency goes back to the head of its queue with a growing backoff; nothing is
 * dropped, and the Kafka offset of a request is committed only once it is processed, so a crash or a
 * rebalance replays what was waiting. Reads rag.ingest.requests through {@link FrontierIntake}; the work
 * itself is {@link PageProcessor}'s, one try at a time ({@link EntryAttempt}).
 */
@ApplicationScoped
public class Frontier {
    private static final Logger LOG = Logger.getLogger(Frontier.class);
    private static final long MAX_BACKOFF_NANOS = Duration.ofMinutes(1).toNanos();

    @Inject
    FrontierConfig config;

    @Inject
    SafeFetcher fetcher;

    @Inject
    PageProcessor processor;

    @Inject
    EmbedBacklog backlog;

    @Inject
    MeterRegistry meters;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, HostQueue> hosts = new HashMap<>();
    /** Partitions taken from this replica by a rebalance (until assigned to it again). */
    private final java.util.Set<Integer> revoked = new java.util.HashSet<>();

    private EntryAttempt attempt;
    private ReadyHosts ready;
    private IntakeRoom room;
    private int queued;
    private int inFlight;
    private volatile boolean running;
    private Thread dispatcher;
    private ExecutorService workers;

    @PostConstruct
    void init() {
        attempt = new EntryAttempt(processor);
        ready = new ReadyHosts(fetcher);
        room = new IntakeRoom(config.maxQueued());
        Gauge.builder("renvoi.frontier.queued", this, Frontier::queued).register(meters);
        Gauge.builder("renvoi.frontier.in.flight", this, Frontier::inFlight).register(meters);
        Gauge.builder("renvoi.frontier.hosts", this, Frontier::hostCount).register(meters);
    }

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(config.maxInFlight(), DaemonThreads.numbered("frontier-fetch"));
        running = true;
        dispatcher = DaemonThreads.daemon(this::dispatch, "frontier-dispatch");
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
                ready.add(host);
            }
            changed.signalAll();
            return room.admit(queued);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the waiting requests of partitions this replica no longer owns: their new owner reads them again. */
    void dropPartitions(Set<Integer> partitions) {
        List<CompletableFuture<Void>> freed;
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
            freed = room.freed(queued);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        freed.forEach(f -> f.complete(null));
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
        List<CompletableFuture<Void>> freed;
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
            host = ready.first();
            long at = ready.freeAt(host);
            long now = System.nanoTime(); // after freeAt: a host never asked is free "now" by the schedule's clock
            if (at - now > 0) {
                if (at != host.readyAt) { // the schedule moved: re-sort, look again
                    ready.resortFirst(at);
                    return;
                }
                changed.awaitNanos(Math.min(at - now, TimeUnit.SECONDS.toNanos(1)));
                return;
            }
            ready.takeFirst();
            entry = host.poll();
            if (entry == null) { // emptied by a rebalance while it waited
                if (!host.busy) hosts.remove(host.key, host);
                return;
            }
            host.busy = true;
            queued--;
            inFlight++;
            freed = room.freed(queued);
        } finally {
            lock.unlock();
        }
        freed.forEach(f -> f.complete(null));
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
            done = attempt.run(entry);
        } finally {
            finished(host, entry, done);
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
                ready.add(host);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What waits here for each job (see {@link JobBacklog}). */
    Map<String, JobBacklog> backlogByJob() {
        lock.lock();
        try {
            return JobBacklog.of(hosts.values(), fetcher);
        } finally {
            lock.unlock();
        }
    }

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
