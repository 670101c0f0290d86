package io.renvoi.links.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * The {@code rag-links} index (an alias of {@code rag-links-v1}), owned by link-checker: one entry per
 * document, keyed by doc id. Every change is a read-modify-write guarded by the entry's
 * {@code _seq_no}/{@code _primary_term}, so concurrent writers (listeners, replicas claiming work) never
 * overwrite each other: a conflicting write is retried on the fresh entry.
 */
@ApplicationScoped
public class LinkRegistry {
    public static final String INDEX = "rag-links";
    /** The alias {@value #INDEX} over {@code rag-links-v1}, created from its mapping resource. */
    public static final IndexDefinition DEFINITION =
            IndexDefinition.of("links", INDEX, 1, LinkRegistry.class, "/io/renvoi/links/registry/rag-links.json");

    private static final Logger LOG = Logger.getLogger(LinkRegistry.class);
    private static final int MAX_ATTEMPTS = 10;

    private final RestClient client;
    private final ObjectMapper json = JsonMapper.shared();
    private final EnsuredIndex index;

    LinkRegistry(RestClient client) {
        this.client = client;
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
        Request put = new Request(
                "PUT",
                "/" + INDEX + "/_doc/" + current.entry().docId + "?if_seq_no=" + current.seqNo() + "&if_primary_term="
                        + current.primaryTerm());
        put.setEntity(new NStringEntity(json.writeValueAsString(next), ContentType.APPLICATION_JSON));
        try {
            client.performRequest(put);
            return true;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 409) {
                return false;
            }
            throw e;
        }
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
            String path = current.map(v -> "/" + INDEX + "/_doc/" + docId + "?if_seq_no=" + v.seqNo()
                            + "&if_primary_term=" + v.primaryTerm())
                    .orElse("/" + INDEX + "/_create/" + docId);
            Request put = new Request("PUT", path);
            put.setEntity(new NStringEntity(json.writeValueAsString(next.get()), ContentType.APPLICATION_JSON));
            try {
                client.performRequest(put);
                return next;
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() != 409) {
                    throw e;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    // contention, not a bad record: an IOException (without the 409 as its cause, which
                    // TransientFailures would read as final) makes the consumer retry instead of dead-lettering
                    throw new ConcurrentChangeException(docId, attempt);
                }
                LOG.debugf("concurrent change of %s, retrying", docId);
            }
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
        for (JsonNode hit : search(LinkQueries.due(now, size)).path("hits").path("hits")) {
            due.add(new Due(
                    hit.path("_id").asText(), hit.path("_source").path("url").asText()));
        }
        return due;
    }

    /** A page of entries, newest registered first; null filters match everything. */
    public List<LinkEntry> list(String status, String collection, List<String> visible, int page, int size)
            throws IOException {
        List<LinkEntry> entries = new ArrayList<>();
        for (JsonNode hit : search(LinkQueries.page(status, collection, visible, page, size))
                .path("hits")
                .path("hits")) {
            entries.add(json.treeToValue(hit.path("_source"), LinkEntry.class));
        }
        return entries;
    }

    /**
     * Counts per status and reason, entries checked since {@code since}, bytes downloaded in all; over the
     * {@code visible} collections (patterns as {@link #list}), or all when null.
     */
    public JsonNode aggregate(long since, String collection, List<String> visible) throws IOException {
        return search(LinkQueries.statistics(since, collection, visible)).path("aggregations");
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
        JsonNode a = search(LinkQueries.hostCounts(host, since, except)).path("aggregations");
        return new HostCounts(
                a.path("entries").path("doc_count").asLong(),
                a.path("recent").path("doc_count").asLong(),
                a.path("held").path("doc_count").asLong(),
                a.path("suspect").path("doc_count").asLong());
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
        for (JsonNode b : search(LinkQueries.heldHosts())
                .path("aggregations")
                .path("hosts")
                .path("buckets")) {
            Map<String, Long> reasons = new LinkedHashMap<>();
            for (JsonNode r : b.path("reasons").path("buckets")) {
                reasons.put(r.path("key").asText(), r.path("doc_count").asLong());
            }
            hosts.add(new HeldHost(
                    b.path("key").asText(),
                    b.path("doc_count").asLong(),
                    b.path("since").path("value").asLong(),
                    reasons));
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

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            ids.add(hit.path("_id").asText());
        }
        return ids;
    }

    /** Makes recent writes visible to searches (tests, and the admin API after a check). */
    public void refresh() throws IOException {
        ensureIndex();
        client.performRequest(new Request("POST", "/" + INDEX + "/_refresh"));
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
            Response r = client.performRequest(new Request("GET", "/" + INDEX + "/_doc/" + docId));
            JsonNode doc = json.readTree(EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8));
            if (!doc.path("found").asBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new Versioned(
                    json.treeToValue(doc.path("_source"), LinkEntry.class),
                    doc.path("_seq_no").asLong(),
                    doc.path("_primary_term").asLong()));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode search(ObjectNode body) throws IOException {
        ensureIndex();
        Request search = new Request("POST", "/" + INDEX + "/_search");
        search.setEntity(new NStringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
        Response r = client.performRequest(search);
        return json.readTree(EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8));
    }
}
