package io.renvoi.links.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.GetResponse;

/** The {@code rag-links} index, owned by link-checker: one entry per document, keyed by doc id. */
@ApplicationScoped
public class LinkRegistry {
    public static final String INDEX = "rag-links";

    private final OpenSearchClient client;

    LinkRegistry(OpenSearchClient client) {
        this.client = client;
    }

    public void put(LinkEntry entry) throws IOException {
        client.index(i -> i.index(INDEX).id(entry.docId()).document(entry));
    }

    public void remove(String docId, String reason) throws IOException {
        Optional<LinkEntry> current = find(docId);
        if (current.isPresent()) {
            LinkEntry e = current.get();
            put(new LinkEntry(e.docId(), e.url(), e.collection(), "evicted", e.epoch(), 0, e.registeredAt(), reason));
        }
    }

    public Optional<LinkEntry> find(String docId) throws IOException {
        try {
            GetResponse<LinkEntry> r = client.get(g -> g.index(INDEX).id(docId), LinkEntry.class);
            return r.found() ? Optional.ofNullable(r.source()) : Optional.empty();
        } catch (org.opensearch.client.opensearch._types.OpenSearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
