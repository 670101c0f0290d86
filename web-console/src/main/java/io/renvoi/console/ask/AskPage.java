package io.renvoi.console.ask;

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
 * {@code GET /?collection=C&q=QUESTION}: the Ask page. With a question in the address it asks at once (the address
 * can be shared); the answer streams in through {@code ask.js} from {@link AskRelay}.
 */
@Path("/")
public class AskPage {
    @Inject
    Template ask;

    @Inject
    Pages pages;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("collection") String collection, @QueryParam("q") String question) {
        return pages.of(ask, "ask", collection)
                .data("question", question == null ? "" : question)
                .data("autoask", question != null && !question.isBlank());
    }
}
