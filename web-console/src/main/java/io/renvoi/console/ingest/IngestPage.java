package io.renvoi.console.ingest;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.renvoi.console.web.Pages;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /ingest}: the form to start an ingest job (URLs, one a line, or a sitemap) and the recent jobs of the
 * key's collections, which {@code ingest.js} lists and keeps current (a progress bar each) from {@link JobsApi}.
 */
@Path("/ingest")
public class IngestPage {
    @Inject
    Template ingest;

    @Inject
    Pages pages;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("collection") String collection) {
        return pages.of(ingest, "ingest", collection).data("recent", JobsApi.RECENT);
    }
}
