package io.renvoi.embed.index;

import io.renvoi.common.index.ChunkIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Reads {@code renvoi.index.vector-encoding} (FP32 default, or SQ: lucene scalar quantization),
 * which applies when the index is created; an existing index keeps its encoding. Idempotent; called before the first write.
 */
@ApplicationScoped
public class ChunkIndexSetup {
    private static final Logger LOG = Logger.getLogger(ChunkIndexSetup.class);

    private final RestClient client;
    private final ChunkIndex.VectorEncoding vectorEncoding;
    private volatile boolean ready;

    ChunkIndexSetup(RestClient client,
            @ConfigProperty(name = "renvoi.index.vector-encoding", defaultValue = "FP32") ChunkIndex.VectorEncoding vectorEncoding) {
        this.client = client;
        this.vectorEncoding = vectorEncoding;
    }

    public void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (!exists("/" + ChunkIndex.PHYSICAL)) {
                Request create = new Request("PUT", "/" + ChunkIndex.PHYSICAL);
                create.setEntity(new NStringEntity(ChunkIndex.mappingJson(vectorEncoding), ContentType.APPLICATION_JSON));
                try {
                    client.performRequest(create);
                    LOG.infof("created index %s (%s vectors)", ChunkIndex.PHYSICAL, vectorEncoding);
                } catch (ResponseException e) {
                    if (!e.getMessage().contains("resource_already_exists_exception")) {
                        throw e;
                    }
                }
            }
            if (!exists("/_alias/" + ChunkIndex.ALIAS)) {
                Request alias = new Request("PUT", "/" + ChunkIndex.PHYSICAL + "/_alias/" + ChunkIndex.ALIAS);
                client.performRequest(alias);
                LOG.infof("alias %s -> %s", ChunkIndex.ALIAS, ChunkIndex.PHYSICAL);
            }
            ready = true;
        }
    }

    private boolean exists(String path) throws IOException {
        try {
            return client.performRequest(new Request("HEAD", path)).getStatusLine().getStatusCode() == 200;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
