package io.renvoi.embed.index;

import io.renvoi.common.index.ChunkIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Creates the versioned {@code rag-chunks} index from its mapping resource and points the alias at it,
 * when missing. Idempotent; called before the first write.
 */
@ApplicationScoped
public class ChunkIndexSetup {
    private static final Logger LOG = Logger.getLogger(ChunkIndexSetup.class);

    private final RestClient client;
    private volatile boolean ready;

    ChunkIndexSetup(RestClient client) {
        this.client = client;
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
                create.setEntity(new NStringEntity(ChunkIndex.mappingJson(), ContentType.APPLICATION_JSON));
                try {
                    client.performRequest(create);
                    LOG.infof("created index %s", ChunkIndex.PHYSICAL);
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
