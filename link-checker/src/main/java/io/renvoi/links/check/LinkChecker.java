package io.renvoi.links.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.links.check.RecheckPolicy.Action;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.guard.EvictionGuard;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.EntryLifecycle;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.LinkRegistry.Versioned;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Checks registered documents: claims an entry in rag-links with a lease (a conditional write, so that of
 * several replicas exactly one wins it), takes its host's politeness slot ({@link HostGate}; forced checks
 * too), probes the URL, then <b>publishes the decision first</b> (DELETE on rag.documents and an audit record on
 * rag.links for evictions, a CHANGED request on rag.ingest.requests for changed, moved or returning pages) and
 * only then writes the new state and releases the lease in one conditional write. A failed publish leaves the
 * registry as it was (the entry leased until the lease expires, then due again); a write lost to a concurrent
 * change is redone on the fresh entry without publishing the same decision twice. Evictions go through the
 * {@link EvictionGuard}.
 */
@ApplicationScoped
public class LinkChecker {
    private static final Logger LOG = Logger.getLogger(LinkChecker.class);
    private static final int MAX_WRITE_ATTEMPTS = 10;

    @Inject
    LinkRegistry registry;

    @Inject
    LinkProbe probe;

    @Inject
    RecheckPolicy policy;

    @Inject
    DecisionPublisher publisher;

    @Inject
    EvictionGuard guard;

    @Inject
    LinkCheckerConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    HostGate hosts;

    private String owner;
    private ExecutorService workers;

    @PostConstruct
    void start() {
        owner = config.owner().orElseGet(LinkChecker::defaultOwner);
        workers = Executors.newFixedThreadPool(config.parallelism(), DaemonThreads.named("link-check"));
    }

    /** This replica's name in leases. */
    public String owner() {
        return owner;
    }

    /** One round as this replica: every due entry it can claim, observed ones first. */
    public List<CheckOutcome> runRound() throws IOException {
        return runRound(owner);
    }

    /**
     * One round as {@code replica}: claims and checks due entries, skipping those another replica holds,
     * {@code parallelism} at a time.
     */
    public List<CheckOutcome> runRound(String replica) throws IOException {
        long now = System.currentTimeMillis();
        List<Future<Optional<CheckOutcome>>> pending = new ArrayList<>();
        for (LinkRegistry.Due due : registry.due(now, config.batchSize())) {
            pending.add(workers.submit(() -> claimAndCheck(due.docId(), due.url(), replica, false)));
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Future<Optional<CheckOutcome>> f : pending) {
            try {
                f.get().ifPresent(outcomes::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("round interrupted", e);
            } catch (ExecutionException e) {
                LOG.warnf("check failed: %s", e.getCause().toString());
            }
        }
        return outcomes;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Checks one entry now, whether due or not, within the host's politeness (the admin API): waits for the
     * host's slot up to {@code host-wait}.
     *
     * @return empty when the entry does not exist, is evicted, or another replica holds its lease
     * @throws HostBusyException when the host's slot did not free in time (the entry is left as it was)
     */
    public Optional<CheckOutcome> checkNow(String docId) throws IOException {
        Optional<LinkEntry> entry = registry.find(docId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return claimAndCheck(docId, entry.get().url, owner, true);
    }

    private Optional<CheckOutcome> claimAndCheck(String docId, String url, String replica, boolean forced)
            throws IOException {
        if (!claim(docId, replica, forced)) {
            return Optional.empty();
        }
        if (hosts.enter(url, replica) < 0) {
            release(docId, replica); // the host is busy: the entry stays as it was
            if (forced) {
                throw new HostBusyException(url);
            }
            return Optional.empty();
        }
        return check(docId, replica);
    }

    /** Takes the lease on a due (or, when forced, any not evicted) entry; false when another replica has it. */
    boolean claim(String docId, String replica, boolean force) throws IOException {
        long now = System.currentTimeMillis();
        return registry.update(
                        docId,
                        current -> current.filter(e -> (force
                                                ? !e.evicted()
                                                : (!e.evicted() || EntryLifecycle.watchedForReturn(e))
                                                        && e.nextCheckAt <= now)
                                        && e.leaseUntil <= now)
                                .map(e -> {
                                    e.leaseOwner = replica;
                                    e.leaseUntil = now + config.lease().toMillis();
                                    return e;
                                }))
                .isPresent();
    }

    private void release(String docId, String replica) throws IOException {
        registry.update(
                docId,
                current -> current.filter(e -> replica.equals(e.leaseOwner)).map(e -> {
                    e.leaseOwner = null;
                    e.leaseUntil = 0;
                    return e;
                }));
    }

    private Optional<CheckOutcome> check(String docId, String replica) throws IOException {
        Optional<LinkEntry> claimed = registry.find(docId);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Verdict verdict = probe.probe(claimed.get());
        boolean newUrlIndexed =
                verdict.kind() == Verdict.Kind.MOVED && indexed(claimed.get().collection, verdict.newUrl());
        Set<Action> published = EnumSet.noneOf(Action.class);
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Versioned> current = registry.versioned(docId);
            if (current.isEmpty() || !replica.equals(current.get().entry().leaseOwner)) {
                LOG.warnf("lease on %s lost during its check; result dropped", docId);
                return Optional.empty();
            }
            LinkEntry e = current.get().entry();
            long now = System.currentTimeMillis();
            Action action = policy.apply(e, verdict, now, newUrlIndexed);
            e.leaseOwner = null;
            e.leaseUntil = 0;
            boolean written;
            if (action == Action.EVICT && !published.contains(Action.EVICT)) {
                written = guard.evictOrHold(
                        e,
                        now,
                        held -> commit(current.get(), e, held ? Action.NONE : Action.EVICT, verdict, published));
            } else {
                written = commit(current.get(), e, action, verdict, published);
            }
            if (written) {
                meters.counter(
                                "renvoi.links.checks",
                                "verdict",
                                verdict.kind().name().toLowerCase())
                        .increment();
                meters.counter("renvoi.links.bytes").increment(verdict.bytes());
                return Optional.of(new CheckOutcome(
                        e.docId,
                        e.url,
                        verdict.kind().name().toLowerCase(),
                        verdict.reason(),
                        verdict.httpStatus(),
                        e.status,
                        e.strikes,
                        e.nextCheckAt,
                        verdict.detail()));
            }
            LOG.debugf("concurrent change of %s during its check, deciding again", docId);
        }
        throw new IOException("entry " + docId + " kept changing during its check");
    }

    /** Publishes the decision (once), then writes the entry; a publish that fails throws before the write. */
    private boolean commit(Versioned current, LinkEntry next, Action action, Verdict verdict, Set<Action> published)
            throws IOException {
        if (published.add(action)) {
            publish(next, verdict, action);
        }
        return registry.replace(current, next);
    }

    /** Whether the page at {@code url} has been indexed (an INDEXED outcome on rag.indexed) and not evicted. */
    private boolean indexed(String collection, String url) throws IOException {
        String normalized = UrlNormalizer.normalize(url);
        return registry.find(DocumentIds.docId(collection, normalized))
                .filter(t -> !t.evicted() && t.indexed())
                .isPresent();
    }

    private void publish(LinkEntry e, Verdict verdict, Action action) {
        switch (action) {
            case EVICT, EVICT_MOVED -> {
                LOG.infof("evicting %s (%s): %s", e.url, e.reason, verdict.detail());
                publisher.evict(e.docId, e.url, e.collection, e.reason, verdict.httpStatus());
            }
            case REINGEST ->
                publisher.reingest(
                        e.docId,
                        e.url,
                        e.collection,
                        Map.of(
                                "changedChunks",
                                verdict.changedChunks().stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(","))));
            case REEMBED -> {
                LOG.infof("re-embedding %s (embedded by %s)", e.url, e.embeddingVersion);
                publisher.reembed(e.docId, e.url, e.collection, e.embeddingVersion);
            }
            case REINGEST_NEW_URL -> {
                String newUrl = UrlNormalizer.normalize(verdict.newUrl());
                LOG.infof("%s moved to %s; kept until the new URL is indexed", e.url, newUrl);
                publisher.reingest(
                        DocumentIds.docId(e.collection, newUrl), newUrl, e.collection, Map.of("movedFrom", e.url));
            }
            case REINGEST_RETURNED -> {
                LOG.infof("%s, evicted (%s), answers again: re-ingesting it", e.url, e.reason);
                publisher.reingestReturned(e.docId, e.url, e.collection, e.reason);
            }
            case NONE -> {
                // nothing changed outside the registry
            }
        }
    }

    private static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "link-checker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
