package io.renvoi.console.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.renvoi.console.session.CurrentSession;
import io.renvoi.console.session.Session;
import io.renvoi.console.upstream.Service;
import io.renvoi.console.upstream.Upstream;
import io.renvoi.console.web.Pages;
import io.renvoi.console.web.Times;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code GET /sources?collection=C}: the link-checker's view of a collection, read from its API with the session's
 * key: the collection's counts by status and reason, evicted pages with their reasons and history, suspect pages, the next checks,
 * and (admin keys) hosts whose evictions the mass-eviction guard holds ({@link HeldEvictionsForm}). {@code POST /sources/check} asks for a
 * re-check of one page now and shows its verdict.
 */
@Path("/sources")
@Blocking
public class SourcesPage {
    /** A count of the stats table. */
    @TemplateData
    public record Count(String name, long count) {}

    /** A host whose evictions are held. */
    @TemplateData
    public record HeldHost(String host, long held, String since) {}

    private static final Pattern DOC_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Inject
    Template sources;

    @Inject
    Pages pages;

    @Inject
    CurrentSession session;

    @Inject
    Upstream upstream;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("collection") String collection) {
        Session s = session.get();
        String c = pages.collection(collection);
        TemplateInstance page = pages.of(sources, "sources", c).data("notice", s.takeNotice());
        if (!COLLECTION.matcher(c).matches()) {
            return empty(page).data("problem", "A collection name has letters, digits, '.', '_' and '-' only.");
        }
        String q = "&collection=" + URLEncoder.encode(c, StandardCharsets.UTF_8);
        Upstream.Reply evicted = upstream.get(Service.LINKS, "/api/v1/links?status=evicted" + q, s.key());
        if (!evicted.ok()) {
            return empty(page).data("problem", "The link-checker refused: " + evicted.detail());
        }
        Upstream.Reply suspect = upstream.get(Service.LINKS, "/api/v1/links?status=suspect" + q, s.key());
        Upstream.Reply active = upstream.get(Service.LINKS, "/api/v1/links?status=active" + q, s.key());
        Upstream.Reply stats = upstream.get(Service.LINKS, "/api/v1/links/stats?" + q.substring(1), s.key());
        List<LinkView> upcoming = entries(active);
        upcoming.sort(Comparator.comparingLong(LinkView::nextCheckMillis));
        return page.data("problem", null)
                .data("evicted", entries(evicted))
                .data("suspect", entries(suspect))
                .data("upcoming", upcoming.subList(0, Math.min(10, upcoming.size())))
                .data("byStatus", counts(stats, "byStatus"))
                .data("byReason", counts(stats, "byReason"))
                .data("held", s.admin() ? held(upstream.get(Service.LINKS, "/api/v1/links/held", s.key())) : null);
    }

    @POST
    @Path("/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(
            @FormParam("csrf") String token,
            @FormParam("docId") String docId,
            @FormParam("url") String url,
            @FormParam("collection") String collection) {
        Session s = session.changing(token);
        String shown = url == null ? docId : url;
        if (docId == null || !DOC_ID.matcher(docId).matches()) {
            s.notice("No such page to check.");
        } else {
            Upstream.Reply r = upstream.post(Service.LINKS, "/api/v1/links/" + docId + "/check", s.key(), Map.of());
            if (r.ok()) {
                s.notice("Checked " + shown + ": " + r.body().path("verdict").asText()
                        + (r.body().path("httpStatus").asInt() > 0
                                ? " (HTTP " + r.body().path("httpStatus").asInt() + ")"
                                : "")
                        + ", now " + r.body().path("status").asText() + ".");
            } else {
                s.notice("The re-check of " + shown + " was refused: " + r.detail());
            }
        }
        return backToSources(collection);
    }

    /** 303 to the sources page of {@code collection} (if it is a collection name), after a form's action. */
    static Response backToSources(String collection) {
        UriBuilder back = UriBuilder.fromPath("/sources");
        if (collection != null && COLLECTION.matcher(collection).matches()) {
            back.queryParam("collection", collection);
        }
        return Response.seeOther(back.build()).build();
    }

    private static TemplateInstance empty(TemplateInstance page) {
        return page.data("evicted", List.of())
                .data("suspect", List.of())
                .data("upcoming", List.of())
                .data("byStatus", List.of())
                .data("byReason", List.of())
                .data("held", null);
    }

    private static List<LinkView> entries(Upstream.Reply r) {
        List<LinkView> out = new ArrayList<>();
        if (r.ok() && r.body() != null) {
            for (JsonNode e : r.body().path("entries")) {
                out.add(LinkView.of(e));
            }
        }
        return out;
    }

    private static List<Count> counts(Upstream.Reply stats, String field) {
        Map<String, Long> sorted = new TreeMap<>();
        if (stats.ok() && stats.body() != null) {
            stats.body()
                    .path(field)
                    .fields()
                    .forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asLong()));
        }
        return sorted.entrySet().stream()
                .map(e -> new Count(e.getKey(), e.getValue()))
                .toList();
    }

    private static List<HeldHost> held(Upstream.Reply r) {
        List<HeldHost> out = new ArrayList<>();
        if (r.ok() && r.body() != null) {
            for (JsonNode h : r.body().path("hosts")) {
                out.add(new HeldHost(
                        h.path("host").asText(),
                        h.path("held").asLong(),
                        h.path("since").isNumber()
                                ? Times.shown(h.path("since").asLong())
                                : h.path("since").asText("")));
            }
        }
        return out;
    }
}
