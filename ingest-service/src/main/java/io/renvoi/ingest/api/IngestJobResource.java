package io.renvoi.ingest.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.CurrentCaller;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.rest.Problem;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.common.rest.RequestChecks;
import io.renvoi.ingest.config.IngestConfig;
import io.renvoi.ingest.jobs.JobStore;
import io.renvoi.ingest.jobs.RecentJobs;
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
import java.util.Map;

/**
 * {@code /api/v1/ingest-jobs}: submits a job of up to {@code renvoi.ingest.max-urls-per-job} URLs (listed,
 * or read from a sitemap), reports its progress from {@code rag-jobs}, and lists the newest jobs of the
 * collections the caller's key may use ({@code GET ?collection=C&limit=N}).
 */
@Path("/api/v1/ingest-jobs")
@RequiresScope(Scope.INGEST)
@Produces(MediaType.APPLICATION_JSON)
public class IngestJobResource {

    @Inject
    JobStore jobs;

    @Inject
    JobSubmission submission;

    @Inject
    IngestConfig config;

    @Inject
    CurrentCaller caller;

    @Inject
    IngestQuota quota;

    @Inject
    RecentJobs recent;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(IngestJobRequest body) {
        RequestChecks.body(
                body, "{\"collection\": \"...\", \"urls\": [...]} or {\"collection\": \"...\", \"sitemap\": \"...\"}");
        RequestChecks.collection(body.collection());
        Caller who = caller.get();
        who.requireCollection(body.collection());
        boolean hasUrls = body.urls() != null;
        boolean hasSitemap = body.sitemap() != null;
        if (hasUrls == hasSitemap) {
            throw new BadRequestException("give exactly one of 'urls' (a list) and 'sitemap' (a URL)");
        }
        int max = config.maxUrlsPerJob();
        IngestJobAccepted job;
        if (hasSitemap) {
            IngestQuota.Reservation reservation = quota.reserve(who, 0);
            try {
                job = submission.submitSitemap(
                        body.collection(), body.sitemap(), body.metadata(), max, reservation::addUrls);
            } catch (RuntimeException e) {
                reservation.release();
                throw e;
            }
            reservation.keep(job.jobId());
        } else {
            if (body.urls().isEmpty()) throw new BadRequestException("urls is empty");
            if (body.urls().size() > max)
                throw new BadRequestException(
                        "at most " + max + " URLs per job, got " + body.urls().size());
            IngestQuota.Reservation reservation = quota.reserve(who, body.urls().size());
            try {
                job = submission.submit(body.collection(), body.urls(), body.metadata());
            } catch (RuntimeException e) {
                reservation.release(); // a refused job (bad URL, Kafka away) costs nothing
                throw e;
            }
            reservation.keep(job.jobId());
        }
        return Response.accepted(job).build();
    }

    /** At most this many jobs per listing. */
    static final int MAX_LISTED = 100;

    /**
     * The newest jobs, newest first: of {@code collection} (403 when the key may not use it), else of every
     * collection the key may use; {@code limit} from 1 to {@value #MAX_LISTED}, 20 when absent.
     */
    @GET
    public Response list(@QueryParam("collection") String collection, @QueryParam("limit") String limit) {
        int n = RequestChecks.between(
                "limit",
                limit == null ? null : RequestChecks.parsed("limit", limit, Integer::valueOf, "a number"),
                1,
                MAX_LISTED,
                20);
        Caller who = caller.get();
        if (collection != null) {
            RequestChecks.collection(collection);
            who.requireCollection(collection);
        }
        return Response.ok(Map.of("jobs", recent.newest(collection, who.isAdmin() ? null : who.collections(), n)))
                .build();
    }

    @GET
    @Path("/{jobId}")
    public Response get(@PathParam("jobId") String jobId) {
        if (!JobStore.JOB_ID.matcher(jobId).matches()) {
            return Problem.response(
                    Response.Status.NOT_FOUND, "no ingest job " + jobId.substring(0, Math.min(64, jobId.length())));
        }
        Caller who = caller.get();
        return jobs.find(jobId)
                .filter(job -> who.mayUse(job.collection())) // another collection's job reads as no job at all
                .map(job -> Response.ok(job).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no ingest job " + jobId));
    }
}
