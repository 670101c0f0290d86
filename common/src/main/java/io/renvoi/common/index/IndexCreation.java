package io.renvoi.common.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Creates the platform's OpenSearch indexes (rag-chunks, rag-links, rag-jobs) from their mapping
 * resources when they are missing, and points aliases at them. Safe to race: replicas starting together may
 * all try, and a creation that finds the index already made by another counts as done.
 */
public final class IndexCreation {
    private IndexCreation() {}

    /**
     * Creates {@code index} with the settings and mappings {@code mappingJson} unless it exists.
     *
     * @return whether this call created it
     */
    public static boolean createIfMissing(RestClient client, String index, String mappingJson) throws IOException {
        if (exists(client, "/" + index)) {
            return false;
        }
        Request create = new Request("PUT", "/" + index);
        create.setEntity(new NStringEntity(mappingJson, ContentType.APPLICATION_JSON));
        try {
            client.performRequest(create);
            return true;
        } catch (ResponseException e) {
            if (String.valueOf(e.getMessage()).contains("resource_already_exists_exception")) {
                return false;
            }
            throw e;
        }
    }

    /** Points {@code alias} at {@code index} unless the alias exists. */
    public static void aliasIfMissing(RestClient client, String index, String alias) throws IOException {
        if (!exists(client, "/_alias/" + alias)) {
            client.performRequest(new Request("PUT", "/" + index + "/_alias/" + alias));
        }
    }

    /** A mapping resource of {@code owner}'s jar, as UTF-8 text; a missing resource is a packaging error. */
    public static String mappingResource(Class<?> owner, String path) {
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(RestClient client, String path) throws IOException {
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
