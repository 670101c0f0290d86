package io.renvoi.console.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.console.session.CurrentSession;
import io.renvoi.console.session.Session;
import io.renvoi.console.upstream.Service;
import io.renvoi.console.upstream.Upstream;
import io.renvoi.console.web.ErrorMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Ingest page's script calls: {@code POST /ui/jobs} {@code {"collection", "urls": "one a line" | "sitemap"}}
 * starts a job on ingest-service ({@code POST /api/v1/ingest-jobs}); {@code GET /ui/jobs[?collection=C]} relays the
 * newest jobs the key may read ({@code GET /api/v1/ingest-jobs}); {@code GET /ui/jobs/{id}} relays the job's progress ({@code GET /api/v1/ingest-jobs/{id}}). Answers of
 * ingest-service, errors included, are passed on with their status.
 */
@Path("/ui/jobs")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class JobsApi {
    /** The form as the script sends it: the URLs as typed (one a line), or a sitemap's URL. */
    public record Start(String collection, String urls, String sitemap) {}

    /** Jobs listed on the page. */
    static final int RECENT = 20;

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    CurrentSession session;

    @Inject
    Upstream upstream;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(Start body) {
        Session s = session.changing();
        if (body == null) {
            return ErrorMappers.problem(400, "collection and urls (or a sitemap) are required");
        }
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("collection", body.collection());
        if (body.sitemap() != null && !body.sitemap().isBlank()) {
            job.put("sitemap", body.sitemap().strip());
        } else {
            List<String> urls = body.urls() == null
                    ? List.of()
                    : Arrays.stream(body.urls().split("\\s+"))
                            .filter(u -> !u.isBlank())
                            .toList();
            if (urls.isEmpty()) {
                return ErrorMappers.problem(400, "give at least one URL (one a line) or a sitemap");
            }
            job.put("urls", urls);
        }
        return relay(upstream.post(Service.INGEST, "/api/v1/ingest-jobs", s.key(), job));
    }

    /** The newest jobs of the key's collections, or of {@code collection} ({@code GET /api/v1/ingest-jobs}). */
    @GET
    public Response recent(@QueryParam("collection") String collection) {
        Session s = session.get();
        String query = "?limit=" + RECENT;
        if (collection != null && !collection.isBlank()) {
            query += "&collection=" + URLEncoder.encode(collection.strip(), StandardCharsets.UTF_8);
        }
        return relay(upstream.get(Service.INGEST, "/api/v1/ingest-jobs" + query, s.key()));
    }

    @GET
    @Path("/{jobId}")
    public Response progress(@PathParam("jobId") String jobId) {
        Session s = session.get();
        if (!JOB_ID.matcher(jobId).matches()) {
            return ErrorMappers.problem(404, "no such job");
        }
        return relay(upstream.get(Service.INGEST, "/api/v1/ingest-jobs/" + jobId, s.key()));
    }

    private static Response relay(Upstream.Reply r) {
        JsonNode body = r.body();
        if (body == null) {
            return ErrorMappers.problem(r.status(), "ingest-service answered HTTP " + r.status());
        }
        return Response.status(r.status())
                .type(r.ok() ? MediaType.APPLICATION_JSON : "application/problem+json")
                .entity(body)
                .build();
    }
}
