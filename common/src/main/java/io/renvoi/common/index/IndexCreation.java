package io.renvoi.common.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * The requests behind {@link EnsuredIndex}: creates an {@link IndexDefinition}'s physical index when missing,
 * adds the fields a newer mapping defines to an index made by an older release, and points the alias at it.
 * Safe to race: replicas starting together may all try; a creation that finds the index already made by another
 * counts as done, and pointing an alias twice is a no-op.
 */
public final class IndexCreation {
    private IndexCreation() {}

    /**
     * Makes sure {@code definition}'s alias resolves: when it already does (to the physical index, or to a
     * concrete index of that name left by a release from before the alias), only adds the fields it lacks;
     * otherwise creates the physical index with {@code settings} and points the alias at it.
     *
     * @return whether this call created the physical index
     */
    public static boolean ensure(RestClient client, IndexDefinition definition, IndexSettings settings)
            throws IOException {
        if (exists(client, "/" + definition.alias())) {
            addMissingFields(client, definition.alias(), definition.mappingJson());
            return false;
        }
        boolean created = createIfMissing(client, definition.physical(), settings.applyTo(definition.mappingJson()));
        client.performRequest(new Request("PUT", "/" + definition.physical() + "/_alias/" + definition.alias()));
        return created;
    }

    /**
     * Creates {@code index} with the settings and mappings {@code mappingJson} unless it exists.
     *
     * @return whether this call created it
     */
    public static boolean createIfMissing(RestClient client, String index, String mappingJson) throws IOException {
        if (exists(client, "/" + index)) {
            addMissingFields(client, index, mappingJson);
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

    /**
     * Adds to an existing index the top-level fields of {@code mappingJson} it lacks (an index created by an
     * older release under a strict mapping would refuse documents carrying them). Fields it has are left as
     * they are, even if defined differently (e.g. HNSW options chosen at creation).
     *
     * @return the names of the fields added
     */
    public static List<String> addMissingFields(RestClient client, String index, String mappingJson)
            throws IOException {
        JsonNode wanted =
                JsonMapper.shared().readTree(mappingJson).path("mappings").path("properties");
        JsonNode current;
        try (InputStream in = client.performRequest(new Request("GET", "/" + index + "/_mapping"))
                .getEntity()
                .getContent()) {
            current = JsonMapper.shared().readTree(in);
        }
        ObjectNode missing = JsonMapper.shared().createObjectNode();
        // the response is keyed by the physical index name, whatever alias was asked for
        for (JsonNode physical : current) {
            JsonNode have = physical.path("mappings").path("properties");
            wanted.fields().forEachRemaining(f -> {
                if (!have.has(f.getKey())) {
                    missing.set(f.getKey(), f.getValue());
                }
            });
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Request put = new Request("PUT", "/" + index + "/_mapping");
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.set("properties", missing);
        put.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
        client.performRequest(put);
        List<String> added = new ArrayList<>();
        missing.fieldNames().forEachRemaining(added::add);
        return added;
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
            return client.performRequest(new Request("HEAD", path))
                            .getStatusLine()
                            .getStatusCode()
                    == 200;
        } catch (ResponseException e) {
            if (ResponseStatus.notFound(e)) {
                return false;
            }
            throw e;
        }
    }
}
