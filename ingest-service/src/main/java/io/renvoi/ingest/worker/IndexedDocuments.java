package io.renvoi.ingest.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * What is indexed of a document now, read (never written) from chunk 0 in {@code rag-chunks}: its text
 * hash, extractor and embedding versions and validators. Chunk 0 carries the document fields of the latest indexed
 * epoch, so comparing with it answers "changed since it was last indexed?" against the index itself.
 */
@ApplicationScoped
public class IndexedDocuments {
    private static final Logger LOG = Logger.getLogger(IndexedDocuments.class);

    /** The indexed version of a document. */
    public record Indexed(
            String docSha256,
            String extractorVersion,
            String embeddingVersion,
            String etag,
            String lastModified,
            Long fetchedAt) {

        /** Whether this build would produce the same text and vectors from the same page. */
        public boolean byCurrentVersions() {
            return ContentExtractor.isCurrentVersion(extractorVersion) && Embedder.isCurrentEmbedding(embeddingVersion);
        }
    }

    private final RestClient client;

    IndexedDocuments(RestClient client) {
        this.client = client;
    }

    /** Empty when the document is not indexed (or the index cannot be read: then it is simply re-embedded). */
    public Optional<Indexed> find(String docId) {
        Request get = new Request("GET", "/" + ChunkIndex.ALIAS + "/_doc/" + DocumentIds.chunkId(docId, 0));
        get.addParameter(
                "_source_includes",
                String.join(
                        ",",
                        ChunkIndex.DOC_SHA256,
                        ChunkIndex.EXTRACTOR_VERSION,
                        ChunkIndex.EMBEDDING_VERSION,
                        ChunkIndex.ETAG,
                        ChunkIndex.LAST_MODIFIED,
                        ChunkIndex.FETCHED_AT));
        try {
            JsonNode source = JsonMapper.shared()
                    .readTree(EntityUtils.toString(client.performRequest(get).getEntity()))
                    .path("_source");
            return Optional.of(new Indexed(
                    text(source, ChunkIndex.DOC_SHA256),
                    text(source, ChunkIndex.EXTRACTOR_VERSION),
                    text(source, ChunkIndex.EMBEDDING_VERSION),
                    text(source, ChunkIndex.ETAG),
                    text(source, ChunkIndex.LAST_MODIFIED),
                    source.hasNonNull(ChunkIndex.FETCHED_AT)
                            ? source.get(ChunkIndex.FETCHED_AT).asLong()
                            : null));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                LOG.warnf("cannot read %s of %s: %s", ChunkIndex.ALIAS, docId, e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("cannot read %s of %s: %s", ChunkIndex.ALIAS, docId, e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
