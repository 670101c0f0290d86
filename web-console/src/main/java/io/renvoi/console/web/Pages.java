package io.renvoi.console.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.renvoi.console.ConsoleConfig;
import io.renvoi.console.session.CurrentSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What every page of the console is rendered with: the signed-in session (its CSRF token for forms, the admin flag),
 * the page's name (the navigation's current page) and the collection asked for in the URL, or the configured default.
 * Reads the current session; writes nothing.
 */
@ApplicationScoped
public class Pages {
    @Inject
    CurrentSession session;

    @Inject
    ConsoleConfig config;

    /** The collection asked for, or the configured default. */
    public String collection(String asked) {
        return asked == null || asked.isBlank() ? config.defaultCollection() : asked.strip();
    }

    /** {@code template} for the signed-in session, named {@code page}, showing {@code collection} (or the default). */
    public TemplateInstance of(Template template, String page, String collection) {
        return template.data("session", session.get()).data("page", page).data("collection", collection(collection));
    }
}
