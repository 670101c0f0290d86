package io.renvoi.ingest.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.index.ResponseStatus;
import io.renvoi.common.json.JsonMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Remembers the documents users deleted, one tombstone per document in the OpenSearch index {@value #INDEX}
 * ({@code {docId}}: url, collection, deleted_at), so that a fetch already in flight, a link-checker re-check
 * or a CHANGED re-ingest cannot bring a deleted page back. Only the user scope that deleted it (a USER request
 * of the same collection, submitted after the delete) lifts the tombstone.
 */
@ApplicationScoped
public class Tombstones {
    public static final String INDEX = "rag-tombstones";
    /** The alias {@value #INDEX} over {@code rag-tombstones-v1}, created from its mapping resource. */
    public static final IndexDefinition DEFINITION = IndexDefinition.of(
            "tombstones", INDEX, 1, Tombstones.class, "/io/renvoi/ingest/deletion/rag-tombstones.json");

    @Inject
    RestClient client;

    private EnsuredIndex index;

    @PostConstruct
    void init() {
        index = new EnsuredIndex(client, DEFINITION);
    }

    /** Records that a user deleted the document now; visible to every replica when this returns. */
    public void bury(String docId, String url, String collection) {
        ensureIndex();
        Request put = new Request("PUT", "/" + INDEX + "/_doc/" + docId);
        put.addParameter("refresh", "wait_for");
        put.setJsonEntity(JsonMapper.shared()
                .createObjectNode()
                .put("url", url)
                .put("collection", collection)
                .put("deleted_at", System.currentTimeMillis())
                .toString());
        perform(put);
    }

    /** What a tombstone says of one request. */
    public enum Verdict {
        /** No tombstone: index as usual. */
        NONE,
        /** The collection submitted the URL again after deleting it: the tombstone is lifted; index it afresh. */
        LIFTED,
        /** Deleted after this request was made, or the request is not the user's: do not index. */
        REFUSED
    }

    /**
     * Whether the request may index its document: yes when there is no tombstone, or when it is a user's request
     * submitted after the delete (the tombstone is then lifted); no for anything else.
     */
    public Verdict admit(IngestRequest request) {
        OptionalLong deletedAt = deletedAt(request.docId());
        if (deletedAt.isEmpty()) {
            return Verdict.NONE;
        }
        if (outlives(request, deletedAt.getAsLong())) {
            lift(request.docId());
            return Verdict.LIFTED;
        }
        return Verdict.REFUSED;
    }

    /** Whether a tombstone now stands against a request already published: a delete that came during it. */
    public boolean buriedSince(IngestRequest request) {
        OptionalLong deletedAt = deletedAt(request.docId());
        return deletedAt.isPresent() && !outlives(request, deletedAt.getAsLong());
    }

    private static boolean outlives(IngestRequest request, long deletedAt) {
        return request.reason() == IngestReason.USER && request.requestedAt() > deletedAt;
    }

    /** When a user deleted the document, if its tombstone stands. */
    public OptionalLong deletedAt(String docId) {
        ensureIndex();
        try {
            Response r = client.performRequest(new Request("GET", "/" + INDEX + "/_doc/" + docId));
            JsonNode source = JsonMapper.shared()
                    .readTree(EntityUtils.toString(r.getEntity()))
                    .path("_source");
            return OptionalLong.of(source.path("deleted_at").asLong());
        } catch (ResponseException e) {
            if (ResponseStatus.notFound(e)) {
                return OptionalLong.empty();
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void lift(String docId) {
        Request delete = new Request("DELETE", "/" + INDEX + "/_doc/" + docId);
        delete.addParameter("refresh", "wait_for");
        try {
            client.performRequest(delete);
        } catch (ResponseException e) {
            if (!ResponseStatus.notFound(e)) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void perform(Request request) {
        try {
            client.performRequest(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureIndex() {
        try {
            index.ensure();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
