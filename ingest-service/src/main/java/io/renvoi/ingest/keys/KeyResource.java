package io.renvoi.ingest.keys;

import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.KeyRing;
import io.renvoi.common.auth.KeyTopicWriter;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.rest.Problem;
import io.renvoi.common.rest.ProblemMappers;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code /api/v1/keys} (admin scope): creates API keys (the secret is answered once and stored only as a hash),
 * lists them, revokes them. Writes {@code rag.keys}, which every service follows; a revoked key stops working
 * here at once and in the other services within about a second.
 */
@Path("/api/v1/keys")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    private static final Logger LOG = Logger.getLogger(KeyResource.class);
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    @Inject
    KeyRing ring;

    @Inject
    KeyTopicWriter writer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(KeyRequest body) {
        String secret = ApiKeySecrets.newSecret();
        ApiKey key = KeyValidator.toKey(body, secret);
        writer.publish(key);
        LOG.infof(
                "API key %s (%s) created: scopes %s, collections %s",
                key.id(), key.name(), key.scopes(), key.collections());
        return Response.created(URI.create("/api/v1/keys/" + key.id()))
                .entity(new KeyCreated(
                        key.id(), secret, key.name(), key.collections(), key.scopes(), key.limits(), key.createdAt()))
                .build();
    }

    @GET
    public Response list() {
        if (!ring.loaded()) return notLoaded();
        List<KeyView> keys = ring.list().stream().map(KeyView::of).toList();
        return Response.ok(keys).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        if (!ring.loaded()) return notLoaded();
        return ring.byId(id).map(k -> Response.ok(KeyView.of(k)).build()).orElseGet(() -> noSuchKey(id));
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") String id) {
        if (KeyRing.ADMIN_ID.equals(id)) {
            return Problem.response(
                    Response.Status.CONFLICT,
                    "the bootstrap admin key is replaced in its Secret (renvoi.auth.admin-key), not revoked here");
        }
        if (!ring.loaded()) return notLoaded(); // a 404 now could hide a key the other services still accept
        if (!KEY_ID.matcher(id).matches() || ring.byId(id).isEmpty()) return noSuchKey(id);
        writer.revoke(id);
        LOG.infof("API key %s revoked", id);
        return Response.noContent().build();
    }

    private static Response notLoaded() {
        return ProblemMappers.unavailable("API keys are still being loaded (or Kafka is away); retry in a few seconds");
    }

    private static Response noSuchKey(String id) {
        return Problem.response(Response.Status.NOT_FOUND, "no API key " + id.substring(0, Math.min(32, id.length())));
    }
}
