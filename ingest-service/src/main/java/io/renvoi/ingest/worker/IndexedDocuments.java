package io.renvoi.ingest.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.ResponseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.GetResponse;

/**
 * What is indexed of a document now, read (never written) from chunk 0 in {@code rag-chunks}: its text
 * hash, extractor and embedding versions and validators. Chunk 0 carries the document fields of the latest indexed
 * epoch, so comparing with it answers "changed since it was last indexed?" against the index itself.
 */
@ApplicationScoped
public class IndexedDocuments {
    private static final Logger LOG = Logger.getLogger(IndexedDocuments.class);

    /** The indexed version of a document. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Indexed(
            @JsonProperty(ChunkIndex.DOC_SHA256) String docSha256,
            @JsonProperty(ChunkIndex.EXTRACTOR_VERSION) String extractorVersion,
            @JsonProperty(ChunkIndex.EMBEDDING_VERSION) String embeddingVersion,
            @JsonProperty(ChunkIndex.ETAG) String etag,
            @JsonProperty(ChunkIndex.LAST_MODIFIED) String lastModified,
            @JsonProperty(ChunkIndex.FETCHED_AT) Long fetchedAt) {

        /** Whether this build would produce the same text and vectors from the same page. */
        public boolean byCurrentVersions() {
            return ContentExtractor.isCurrentVersion(extractorVersion) && Embedder.isCurrentEmbedding(embeddingVersion);
        }
    }

    @Inject
    OpenSearchClient client;

    /** Empty when the document is not indexed (or the index cannot be read: then it is simply re-embedded). */
    public Optional<Indexed> find(String docId) {
        try {
            GetResponse<Indexed> chunk0 = client.get(
                    g -> g.index(ChunkIndex.ALIAS)
                            .id(DocumentIds.chunkId(docId, 0))
                            .sourceIncludes(List.of(
                                    ChunkIndex.DOC_SHA256,
                                    ChunkIndex.EXTRACTOR_VERSION,
                                    ChunkIndex.EMBEDDING_VERSION,
                                    ChunkIndex.ETAG,
                                    ChunkIndex.LAST_MODIFIED,
                                    ChunkIndex.FETCHED_AT)),
                    Indexed.class);
            return chunk0.found() ? Optional.ofNullable(chunk0.source()) : Optional.empty();
        } catch (OpenSearchException | IOException e) {
            if (!ResponseStatus.notFound(e)) { // a 404 is no index yet: nothing indexed, nothing to warn about
                LOG.warnf("cannot read %s of %s: %s", ChunkIndex.ALIAS, docId, e.getMessage());
            }
            return Optional.empty();
        }
    }
}
