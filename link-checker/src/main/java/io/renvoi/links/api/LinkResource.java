package io.renvoi.links.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.CurrentCaller;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.rest.Problem;
import io.renvoi.common.rest.ProblemMappers;
import io.renvoi.links.check.HostBusyException;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import io.renvoi.links.registry.LinkStatus;
import io.renvoi.links.registry.ValidRecords;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry's admin API: list and read entries (with their history), check one now (within the host's
 * politeness: 503 with Retry-After when its slot stays taken), and statistics. Needs the {@code ingest} scope;
 * a key sees only its collections' entries (another collection's entry reads as no entry).
 * Reads and writes rag-links; a check may publish on rag.documents, rag.links and rag.ingest.requests.
 */
@Path("/api/v1/links")
@RequiresScope(Scope.INGEST)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LinkResource {
    static final int PAGE_SIZE = 50;

    @Inject
    LinkRegistry registry;

    @Inject
    LinkChecker checker;

    @Inject
    CurrentCaller caller;

    /** The collection patterns the caller may see, or null for all (admin). */
    private List<String> visible() {
        Caller who = caller.get();
        return who.isAdmin() ? null : who.collections();
    }

    /** The entry, if it exists and belongs to a collection the caller may use. */
    private Optional<LinkEntry> findVisible(String docId) throws IOException {
        Caller who = caller.get();
        return registry.find(docId).filter(e -> who.mayUse(e.collection));
    }

    @GET
    public Response list(
            @QueryParam("status") String status,
            @QueryParam("collection") String collection,
            @QueryParam("page") String page)
            throws IOException {
        if (status != null && LinkStatus.parse(status).isEmpty()) {
            return Problem.response(
                    Response.Status.BAD_REQUEST,
                    "status must be one of "
                            + Arrays.stream(LinkStatus.values())
                                    .map(LinkStatus::value)
                                    .collect(Collectors.joining(", ")));
        }
        String collectionProblem = collection == null ? null : CollectionNames.problem(collection);
        if (collectionProblem != null) {
            return Problem.response(Response.Status.BAD_REQUEST, collectionProblem);
        }
        int p;
        try {
            p = page == null ? 0 : Integer.parseInt(page);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 10_000 / PAGE_SIZE - 1) {
            return Problem.response(
                    Response.Status.BAD_REQUEST, "page must be a number from 0 to " + (10_000 / PAGE_SIZE - 1));
        }
        if (collection != null) caller.get().requireCollection(collection);
        List<LinkEntry> entries = registry.list(status, collection, visible(), p, PAGE_SIZE);
        return Response.ok(Map.of("page", p, "size", PAGE_SIZE, "entries", entries))
                .build();
    }

    /** Statistics over the caller's collections, or over {@code collection} alone (403 when the key lacks it). */
    @GET
    @Path("/stats")
    public Response stats(@QueryParam("collection") String collection) throws IOException {
        String collectionProblem = collection == null ? null : CollectionNames.problem(collection);
        if (collectionProblem != null) {
            return Problem.response(Response.Status.BAD_REQUEST, collectionProblem);
        }
        if (collection != null) caller.get().requireCollection(collection);
        return Response.ok(registry.statistics(System.currentTimeMillis() - 60_000, collection, visible()))
                .build();
    }

    @GET
    @Path("/{docId}")
    public Response get(@PathParam("docId") String docId) throws IOException {
        if (!DOC_ID.matcher(docId).matches()) {
            return Problem.response(Response.Status.NOT_FOUND, "no link entry for document " + shown(docId));
        }
        return findVisible(docId)
                .map(e -> Response.ok(e).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no link entry for document " + docId));
    }

    @POST
    @Path("/{docId}/check")
    public Response check(@PathParam("docId") String docId) throws IOException {
        if (!DOC_ID.matcher(docId).matches()) {
            return Problem.response(Response.Status.NOT_FOUND, "no link entry for document " + shown(docId));
        }
        Optional<LinkEntry> entry = findVisible(docId);
        if (entry.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no link entry for document " + docId);
        }
        if (entry.get().evicted()) {
            return Problem.response(
                    Response.Status.CONFLICT, "document " + docId + " is evicted (" + entry.get().reason + ")");
        }
        try {
            return checker.checkNow(docId)
                    .map(o -> Response.ok(o).build())
                    .orElseGet(() -> Problem.response(
                            Response.Status.CONFLICT, "document " + docId + " is being checked by another replica"));
        } catch (HostBusyException e) {
            return ProblemMappers.unavailable(e.getMessage());
        }
    }

    /** A document id as {@code DocumentIds} makes them (hex); anything else names no entry and never reaches OpenSearch. */
    private static final java.util.regex.Pattern DOC_ID = ValidRecords.DOC_ID;

    private static String shown(String id) {
        return id.length() > 64 ? id.substring(0, 64) + "..." : id;
    }
}
