package io.renvoi.links.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.index.OpenSearchClientProducer;
import io.renvoi.common.index.ResponseStatus;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * The {@code rag-links} index (an alias of {@code rag-links-v1}), owned by link-checker: one entry per
 * document, keyed by doc id. Every change is a read-modify-write guarded by the entry's
 * {@code _seq_no}/{@code _primary_term}, so concurrent writers (listeners, replicas claiming work) never
 * overwrite each other: a conflicting write is retried on the fresh entry. Through the typed OpenSearch client, with
 * entries sent and read as maps converted by the platform's {@link JsonMapper} (unknown fields of older entries are
 * ignored, null fields are not written).
 */
@ApplicationScoped
@SuppressWarnings("rawtypes") // documents are read as maps, converted to LinkEntry by the platform's mapper
public class LinkRegistry {
    public static final String INDEX = "rag-links";
    /** The alias {@value #INDEX} over {@code rag-links-v1}, created from its mapping resource. */
    public static final IndexDefinition DEFINITION =
            IndexDefinition.of("links", INDEX, 1, LinkRegistry.class, "/io/renvoi/links/registry/rag-links.json");

    private static final Logger LOG = Logger.getLogger(LinkRegistry.class);
    private static final int MAX_ATTEMPTS = 10;

    private final OpenSearchClient client;
    private final ObjectMapper json = JsonMapper.shared();
    private final EnsuredIndex index;

    LinkRegistry(RestClient client) {
        this.client = OpenSearchClientProducer.typed(client);
        this.index = new EnsuredIndex(client, DEFINITION);
    }

    /** An entry as read, with the version that a conditional write must match. */
    public record Versioned(LinkEntry entry, long seqNo, long primaryTerm) {}

    public Optional<LinkEntry> find(String docId) throws IOException {
        return read(docId).map(Versioned::entry);
    }

    /** The entry with its version, for a later {@link #replace}. */
    public Optional<Versioned> versioned(String docId) throws IOException {
        ensureIndex();
        return read(docId);
    }

    /**
     * Writes {@code next} in place of the entry read as {@code current}, only if nobody wrote it since.
     *
     * @return false when it was changed meanwhile (nothing written)
     */
    public boolean replace(Versioned current, LinkEntry next) throws IOException {
        return write(current.entry().docId, Optional.of(current), next);
    }

    /**
     * Applies {@code change} to the current entry (empty when there is none) and writes the result unless
     * it is empty, retrying on a concurrent change.
     *
     * @throws ConcurrentChangeException when every attempt lost to a concurrent change (transient)
     * @return the entry written, or empty when {@code change} chose not to write
     */
    public Optional<LinkEntry> update(String docId, Function<Optional<LinkEntry>, Optional<LinkEntry>> change)
            throws IOException {
        ensureIndex();
        for (int attempt = 1; ; attempt++) {
            Optional<Versioned> current = read(docId);
            Optional<LinkEntry> next = change.apply(current.map(Versioned::entry));
            if (next.isEmpty()) {
                return next;
            }
            if (write(docId, current, next.get())) {
                return next;
            }
            if (attempt >= MAX_ATTEMPTS) {
                // contention, not a bad record: an IOException (without the 409 as its cause, which
                // TransientFailures would read as final) makes the consumer retry instead of dead-lettering
                throw new ConcurrentChangeException(docId, attempt);
            }
            LOG.debugf("concurrent change of %s, retrying", docId);
        }
    }

    /**
     * Writes {@code next} as {@code docId}: over {@code current} only if nobody wrote it since, or, with no current
     * entry, only if there is still none.
     *
     * @return false on a conflict (nothing written)
     */
    private boolean write(String docId, Optional<Versioned> current, LinkEntry next) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = json.convertValue(next, Map.class);
        try {
            if (current.isPresent()) {
                Versioned v = current.get();
                client.index(i -> i.index(INDEX)
                        .id(docId)
                        .ifSeqNo(v.seqNo())
                        .ifPrimaryTerm(v.primaryTerm())
                        .document(doc));
            } else {
                client.create(c -> c.index(INDEX).id(docId).document(doc));
            }
            return true;
        } catch (OpenSearchException | IOException e) {
            if (ResponseStatus.conflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * An entry that kept changing under {@link #update} for all its attempts: transient (an {@link IOException}),
     * the step is worth running again.
     */
    public static final class ConcurrentChangeException extends IOException {
        ConcurrentChangeException(String docId, int attempts) {
            super("entry " + docId + " changed concurrently during " + attempts + " attempts");
        }
    }

    /** A due entry's id and URL. */
    public record Due(String docId, String url) {}

    /**
     * Entries due for a check at {@code now} and not leased: observed ones first, then oldest due. Due are
     * active, suspect and held entries, and evicted ones watched for the page's return.
     */
    public List<Due> due(long now, int size) throws IOException {
        List<Due> due = new ArrayList<>();
        for (Hit<Map> hit : search(LinkQueries.due(now, size)).hits().hits()) {
            due.add(new Due(hit.id(), String.valueOf(hit.source().get("url"))));
        }
        return due;
    }

    /** A page of entries, newest registered first; null filters match everything. */
    public List<LinkEntry> list(String status, String collection, List<String> visible, int page, int size)
            throws IOException {
        List<LinkEntry> entries = new ArrayList<>();
        for (Hit<Map> hit : search(LinkQueries.page(status, collection, visible, page, size))
                .hits()
                .hits()) {
            entries.add(json.convertValue(hit.source(), LinkEntry.class));
        }
        return entries;
    }

    /**
     * Counts per status and reason, entries checked since {@code since}, bytes downloaded in all; over the
     * {@code visible} collections (patterns as {@link #list}), or all when null.
     */
    public LinkStats statistics(long since, String collection, List<String> visible) throws IOException {
        Map<String, Aggregate> a =
                search(LinkQueries.statistics(since, collection, visible)).aggregations();
        return new LinkStats(
                counts(a.get("status")),
                counts(a.get("reason")),
                a.get("recent").filter().docCount(),
                (long) a.get("checks").sum().value(),
                (long) a.get("bytes").sum().value());
    }

    /**
     * What the mass-eviction guard weighs for one host.
     *
     * @param entries the host's entries, but those evicted before the window
     * @param evictedInWindow entries the checker evicted since the window began (moves and deletions not counted)
     * @param held entries whose eviction is held
     * @param suspectForLoss entries suspect for a loss (404, 401/403, noindex; not moves, not strikes) waiting for
     *     their confirming check: evictions on the way
     */
    public record HostCounts(long entries, long evictedInWindow, long held, long suspectForLoss) {}

    /**
     * Counts for {@code host} with the window beginning at {@code since}, as of the last refresh; the entry
     * {@code except} (the one being decided) is not among the suspects.
     */
    public HostCounts hostCounts(String host, long since, String except) throws IOException {
        Map<String, Aggregate> a =
                search(LinkQueries.hostCounts(host, since, except)).aggregations();
        return new HostCounts(
                a.get("entries").filter().docCount(),
                a.get("recent").filter().docCount(),
                a.get("held").filter().docCount(),
                a.get("suspect").filter().docCount());
    }

    /**
     * A host with held evictions.
     *
     * @param host the host (and port)
     * @param held entries held
     * @param since when the first of them was held (epoch millis)
     * @param byReason held entries per reason
     */
    public record HeldHost(String host, long held, long since, Map<String, Long> byReason) {}

    /** Hosts with held evictions, most held first (up to 1,000 hosts). */
    public List<HeldHost> heldHosts() throws IOException {
        List<HeldHost> hosts = new ArrayList<>();
        for (StringTermsBucket b : search(LinkQueries.heldHosts())
                .aggregations()
                .get("hosts")
                .sterms()
                .buckets()
                .array()) {
            hosts.add(new HeldHost(
                    b.key(),
                    b.docCount(),
                    (long) b.aggregations().get("since").min().value(),
                    counts(b.aggregations().get("reasons"))));
        }
        return hosts;
    }

    /** Ids of up to {@code size} entries of {@code host} with {@code status}. */
    public List<String> idsOf(String host, LinkStatus status, int size) throws IOException {
        return ids(search(LinkQueries.idsOf(host, status, size)));
    }

    /** Ids of entries of {@code collection} waiting for {@code newUrl}, to which they moved, to be indexed. */
    public List<String> movedTo(String collection, String newUrl) throws IOException {
        return ids(search(LinkQueries.movedTo(collection, newUrl)));
    }

    private static List<String> ids(SearchResponse<Map> response) {
        return response.hits().hits().stream().map(Hit::id).toList();
    }

    /** The document count per key of a terms aggregation, in its order. */
    private static Map<String, Long> counts(Aggregate terms) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (StringTermsBucket b : terms.sterms().buckets().array()) {
            counts.put(b.key(), b.docCount());
        }
        return counts;
    }

    /** Makes recent writes visible to searches (tests, and the admin API after a check). */
    public void refresh() throws IOException {
        ensureIndex();
        client.indices().refresh(r -> r.index(INDEX));
    }

    /**
     * Creates the index and its alias when missing. Idempotent. (A concrete index named rag-links from before the
     * alias is used as it is; to move it behind the alias, delete it and replay rag.indexed.)
     */
    public void ensureIndex() throws IOException {
        index.ensure();
    }

    private Optional<Versioned> read(String docId) throws IOException {
        try {
            GetResponse<Map> doc = client.get(g -> g.index(INDEX).id(docId), Map.class);
            if (!doc.found()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Versioned(json.convertValue(doc.source(), LinkEntry.class), doc.seqNo(), doc.primaryTerm()));
        } catch (OpenSearchException | IOException e) {
            if (ResponseStatus.notFound(e)) {
                return Optional.empty(); // no index yet: no entry
            }
            throw e;
        }
    }

    private SearchResponse<Map> search(SearchRequest request) throws IOException {
        ensureIndex();
        return client.search(request, Map.class);
    }
}
