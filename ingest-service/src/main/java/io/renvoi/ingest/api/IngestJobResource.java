package io.renvoi.ingest.api;

import io.renvoi.common.rest.Problem;
import io.renvoi.ingest.jobs.JobTracker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/ingest-jobs/{jobId}}: the progress of an ingestion job. */
@Path("/api/v1/ingest-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class IngestJobResource {
    private final JobTracker jobs;

    IngestJobResource(JobTracker jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{jobId}")
    public Response get(@PathParam("jobId") String jobId) {
        return jobs.find(jobId)
                .map(job -> Response.ok(job).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no ingest job " + jobId));
    }
}
