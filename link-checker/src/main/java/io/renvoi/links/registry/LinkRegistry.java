package io.renvoi.links.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.IndexCreation;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    public static final String PHYSICAL = "rag-links-v1";
    static final String MAPPING_RESOURCE = "/io/renvoi/links/registry/rag-links.json";
    private static final Logger LOG = Logger.getLogger(LinkRegistry.class);
    private static final int MAX_ATTEMPTS = 10;

    private final RestClient client;
    private final ObjectMapper json = JsonMapper.shared();
    private volatile boolean ready;

    LinkRegistry(RestClient client) {
        this.client = client;
    }

    /** An entry as read, with the version that a conditional write must match. */
    public record Versioned(LinkEntry entry, long seqNo, long primaryTerm) {}

    public Optional<LinkEntry> find(String docId) throws IOException {
        return read(docId).map(Versioned::entry);
    }

    /**
     * Applies {@code change} to the current entry (empty when there is none) and writes the result unless
     * it is empty, retrying on a concurrent change.
     *
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
                    + "&if_primary_term=" + v.primaryTerm()).orElse("/" + INDEX + "/_create/" + docId);
            Request put = new Request("PUT", path);
            put.setEntity(new NStringEntity(json.writeValueAsString(next.get()), ContentType.APPLICATION_JSON));
            try {
                client.performRequest(put);
                return next;
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() != 409 || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("concurrent change of %s, retrying", docId);
            }
        }
    }

    /** A due entry's id and URL. */
    public record Due(String docId, String url) {}

    /** Entries due for a check at {@code now} and not leased: observed ones first, then oldest due. */
    public List<Due> due(long now, int size) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("size", size);
        body.putArray("_source").add("docId").add("url");
        ObjectNode bool = body.putObject("query").putObject("bool");
        bool.putArray("filter")
                .add(json.createObjectNode().set("terms", json.createObjectNode()
                        .set("status", json.createArrayNode().add("active").add("suspect"))))
                .add(range("nextCheckAt", now))
                .add(range("leaseUntil", now));
        body.putArray("sort")
                .add(json.createObjectNode().put("priority", "desc"))
                .add(json.createObjectNode().put("nextCheckAt", "asc"));
        List<Due> due = new ArrayList<>();
        for (JsonNode hit : search(body).path("hits").path("hits")) {
            due.add(new Due(hit.path("_id").asText(), hit.path("_source").path("url").asText()));
        }
        return due;
    }

    /** A page of entries, newest registered first; null filters match everything. */
    public List<LinkEntry> list(String status, String collection, int page, int size) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("from", page * size).put("size", size);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        if (status != null) filter.add(term("status", status));
        if (collection != null) filter.add(term("collection", collection));
        body.putArray("sort").add(json.createObjectNode().put("registeredAt", "desc"))
                .add(json.createObjectNode().put("docId", "asc"));
        List<LinkEntry> entries = new ArrayList<>();
        for (JsonNode hit : search(body).path("hits").path("hits")) {
            entries.add(json.treeToValue(hit.path("_source"), LinkEntry.class));
        }
        return entries;
    }

    /** Counts per status and reason, entries checked since {@code since}, bytes downloaded in all. */
    public JsonNode aggregate(long since) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("size", 0);
        ObjectNode aggs = body.putObject("aggs");
        aggs.putObject("status").putObject("terms").put("field", "status").put("size", 10);
        aggs.putObject("reason").putObject("terms").put("field", "reason").put("size", 100);
        aggs.putObject("recent").set("filter", range("lastCheckAt", since, "gte"));
        aggs.putObject("bytes").putObject("sum").put("field", "bytesDownloaded");
        aggs.putObject("checks").putObject("sum").put("field", "checks");
        return search(body).path("aggregations");
    }

    /** Makes recent writes visible to searches (tests, and the admin API after a check). */
    public void refresh() throws IOException {
        ensureIndex();
        client.performRequest(new Request("POST", "/" + INDEX + "/_refresh"));
    }

    /** Creates the index from its mapping resource and the alias, when missing. Idempotent. */
    public void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (IndexCreation.createIfMissing(client, PHYSICAL, mappingJson())) {
                LOG.infof("created index %s", PHYSICAL);
            }
            // fails when a concrete index named rag-links (from before the registry mapping) exists:
            // delete it and replay rag.indexed to rebuild the registry
            IndexCreation.aliasIfMissing(client, PHYSICAL, INDEX);
            ready = true;
        }
    }

    private Optional<Versioned> read(String docId) throws IOException {
        try {
            Response r = client.performRequest(new Request("GET", "/" + INDEX + "/_doc/" + docId));
            JsonNode doc = json.readTree(EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8));
            if (!doc.path("found").asBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new Versioned(json.treeToValue(doc.path("_source"), LinkEntry.class),
                    doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong()));
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

    private ObjectNode term(String field, String value) {
        return (ObjectNode) json.createObjectNode().set("term", json.createObjectNode().put(field, value));
    }

    private ObjectNode range(String field, long value) {
        return range(field, value, "lte");
    }

    private ObjectNode range(String field, long value, String op) {
        return (ObjectNode) json.createObjectNode().set("range",
                json.createObjectNode().set(field, json.createObjectNode().put(op, value)));
    }

    static String mappingJson() {
        return IndexCreation.mappingResource(LinkRegistry.class, MAPPING_RESOURCE);
    }
}
