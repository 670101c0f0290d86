package io.renvoi.console.ask;

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
 * {@code GET /?collection=C&q=QUESTION}: the Ask page. With a question in the address it asks at once (the address
 * can be shared); the answer streams in through {@code ask.js} from {@link AskRelay}.
 */
@Path("/")
public class AskPage {
    private final Template ask;
    private final SessionStore sessions;
    private final ConsoleConfig config;

    AskPage(Template ask, SessionStore sessions, ConsoleConfig config) {
        this.ask = ask;
        this.sessions = sessions;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(
            @CookieParam(Cookies.SESSION) String id,
            @QueryParam("collection") String collection,
            @QueryParam("q") String question) {
        Session s = sessions.require(id);
        return ask.data("session", s)
                .data("page", "ask")
                .data(
                        "collection",
                        collection == null || collection.isBlank() ? config.defaultCollection() : collection)
                .data("question", question == null ? "" : question)
                .data("autoask", question != null && !question.isBlank());
    }
}
