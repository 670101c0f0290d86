package io.renvoi.links.api;

import io.renvoi.common.rest.Problem;
import io.renvoi.links.registry.LinkRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/** {@code GET /api/v1/links/{docId}}: the registry entry of a document. */
@Path("/api/v1/links")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LinkResource {
    private final LinkRegistry registry;

    LinkResource(LinkRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Path("/{docId}")
    public Response get(@PathParam("docId") String docId) throws IOException {
        return registry.find(docId).map(e -> Response.ok(e).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no link entry for document " + docId));
    }
}
