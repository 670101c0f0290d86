package io.renvoi.links.api;

import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.rest.Problem;
import io.renvoi.links.guard.HeldEvictions;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evictions held by the mass-eviction guard, for an operator: {@code GET /api/v1/links/held} lists the hosts,
 * {@code POST /api/v1/links/held/{host}/release} evicts a host's held entries (publishing on rag.documents and
 * rag.links), {@code POST /api/v1/links/held/{host}/discard} makes them active again. Admin scope (a host's
 * entries span collections). Reads and writes rag-links.
 */
@Path("/api/v1/links/held")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class HeldEvictionResource {
    /** A host name or IP literal, with a port: anything else names no host. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9.\\-\\[\\]:]{1,270}");

    @Inject
    HeldEvictions held;

    @GET
    public Map<String, Object> list() throws IOException {
        return Map.of("hosts", held.hosts());
    }

    @POST
    @Path("/{host}/release")
    public Response release(@PathParam("host") String host) throws IOException {
        return act(host, "released", () -> held.release(host.toLowerCase(Locale.ROOT)));
    }

    @POST
    @Path("/{host}/discard")
    public Response discard(@PathParam("host") String host) throws IOException {
        return act(host, "discarded", () -> held.discard(host.toLowerCase(Locale.ROOT)));
    }

    private interface Action {
        int run() throws IOException;
    }

    private static Response act(String host, String done, Action action) throws IOException {
        if (!HOST.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
            return Problem.response(Response.Status.BAD_REQUEST, "not a host name (with an optional port)");
        }
        int n = action.run();
        if (n == 0) {
            return Problem.response(Response.Status.NOT_FOUND, "no held evictions for host " + host);
        }
        return Response.ok(Map.of("host", host.toLowerCase(Locale.ROOT), done, n))
                .build();
    }
}
