package io.renvoi.console.ingest;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.renvoi.console.ConsoleConfig;
import io.renvoi.console.session.Session;
import io.renvoi.console.session.SessionStore;
import io.renvoi.console.web.Cookies;
import jakarta.ws.rs.CookieParam;
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
    private final Template ingest;
    private final SessionStore sessions;
    private final ConsoleConfig config;

    IngestPage(Template ingest, SessionStore sessions, ConsoleConfig config) {
        this.ingest = ingest;
        this.sessions = sessions;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@CookieParam(Cookies.SESSION) String id, @QueryParam("collection") String collection) {
        Session s = sessions.require(id);
        return ingest.data("session", s)
                .data("page", "ingest")
                .data(
                        "collection",
                        collection == null || collection.isBlank() ? config.defaultCollection() : collection)
                .data("recent", JobsApi.RECENT);
    }
}
