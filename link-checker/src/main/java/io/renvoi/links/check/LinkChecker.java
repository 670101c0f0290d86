package io.renvoi.links.check;

import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.links.check.RecheckPolicy.Action;
import io.renvoi.links.config.LinkCheckerConfig;
import io.renvoi.links.publish.DecisionPublisher;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Checks registered documents: claims an entry in rag-links with a lease (a conditional write, so that of
 * several replicas exactly one wins it), takes its host's politeness slot ({@link HostGate}), probes the URL, writes the new state and releases the lease in one
 * conditional write, then publishes the decision: DELETE on rag.documents and an audit record on rag.links
 * for evictions, a CHANGED request on rag.ingest.requests for changed or moved pages.
 */
@ApplicationScoped
public class LinkChecker {
    private static final Logger LOG = Logger.getLogger(LinkChecker.class);

    private final LinkRegistry registry;
    private final LinkProbe probe;
    private final RecheckPolicy policy;
    private final DecisionPublisher publisher;
    private final LinkCheckerConfig config;
    private final MeterRegistry meters;
    private final HostGate hosts;
    private final String owner;
    private final ExecutorService workers;

    LinkChecker(LinkRegistry registry, LinkProbe probe, RecheckPolicy policy, DecisionPublisher publisher,
            LinkCheckerConfig config, MeterRegistry meters, HostGate hosts) {
        this.registry = registry;
        this.probe = probe;
        this.policy = policy;
        this.publisher = publisher;
        this.config = config;
        this.meters = meters;
        this.hosts = hosts;
        this.owner = config.owner().orElseGet(LinkChecker::defaultOwner);
        this.workers = Executors.newFixedThreadPool(config.parallelism(), r -> {
            Thread t = new Thread(r, "link-check");
            t.setDaemon(true);
            return t;
        });
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
            pending.add(workers.submit(() -> claimAndCheck(due, replica)));
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

    private Optional<CheckOutcome> claimAndCheck(LinkRegistry.Due due, String replica) throws IOException {
        if (!claim(due.docId(), replica, false)) {
            return Optional.empty();
        }
        if (hosts.enter(due.url(), replica) < 0) {
            release(due.docId(), replica); // the host is busy: the entry stays due for a later round
            return Optional.empty();
        }
        return check(due.docId(), replica);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Checks one entry now, whether due or not and regardless of host politeness (the admin API).
     *
     * @return empty when the entry does not exist, is evicted, or another replica holds its lease
     */
    public Optional<CheckOutcome> checkNow(String docId) throws IOException {
        return claim(docId, owner, true) ? check(docId, owner) : Optional.empty();
    }

    /** Takes the lease on a due (or, when forced, any live) entry; false when another replica has it. */
    boolean claim(String docId, String replica, boolean force) throws IOException {
        long now = System.currentTimeMillis();
        return registry.update(docId, current -> current
                .filter(e -> !e.evicted() && (force || e.nextCheckAt <= now) && e.leaseUntil <= now)
                .map(e -> {
                    e.leaseOwner = replica;
                    e.leaseUntil = now + config.lease().toMillis();
                    return e;
                })).isPresent();
    }

    private void release(String docId, String replica) throws IOException {
        registry.update(docId, current -> current.filter(e -> replica.equals(e.leaseOwner)).map(e -> {
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
        long now = System.currentTimeMillis();
        AtomicReference<Action> action = new AtomicReference<>(Action.NONE);
        Optional<LinkEntry> written = registry.update(docId, current -> current
                .filter(e -> replica.equals(e.leaseOwner))
                .map(e -> {
                    action.set(policy.apply(e, verdict, now));
                    e.leaseOwner = null;
                    e.leaseUntil = 0;
                    return e;
                }));
        if (written.isEmpty()) {
            LOG.warnf("lease on %s lost during its check; result dropped", docId);
            return Optional.empty();
        }
        LinkEntry e = written.get();
        publish(e, verdict, action.get());
        meters.counter("renvoi.links.checks", "verdict", verdict.kind().name().toLowerCase()).increment();
        meters.counter("renvoi.links.bytes").increment(verdict.bytes());
        return Optional.of(new CheckOutcome(e.docId, e.url, verdict.kind().name().toLowerCase(), verdict.reason(),
                verdict.httpStatus(), e.status, e.strikes, e.nextCheckAt, verdict.detail()));
    }

    private void publish(LinkEntry e, Verdict verdict, Action action) {
        switch (action) {
            case EVICT -> {
                LOG.infof("evicting %s (%s): %s", e.url, e.reason, verdict.detail());
                publisher.evict(e.docId, e.url, e.collection, e.reason, verdict.httpStatus());
            }
            case REINGEST -> publisher.reingest(e.docId, e.url, e.collection, Map.of("changedChunks",
                    verdict.changedChunks().stream().map(String::valueOf).collect(Collectors.joining(","))));
            case REEMBED -> {
                LOG.infof("re-embedding %s (embedded by %s)", e.url, e.embeddingVersion);
                publisher.reembed(e.docId, e.url, e.collection, e.embeddingVersion);
            }
            case MOVE -> {
                String newUrl = UrlNormalizer.normalize(verdict.newUrl());
                LOG.infof("%s moved to %s", e.url, newUrl);
                publisher.reingest(DocumentIds.docId(e.collection, newUrl), newUrl, e.collection,
                        Map.of("movedFrom", e.url));
                publisher.evict(e.docId, e.url, e.collection, e.reason, verdict.httpStatus());
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
