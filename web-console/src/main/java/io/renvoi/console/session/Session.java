package io.renvoi.console.session;

import io.quarkus.qute.TemplateData;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in browser: the API key it signed in with (kept here, server-side only), the token its forms and
 * scripts must send back (CSRF) and a one-shot notice for the next page. Recent jobs are read from ingest-service.
 *
 * @param key the API key, for the Authorization header of calls to the services; never rendered nor printed
 * @param admin whether the key has the admin scope (held evictions are shown only then)
 * @param pendingNotice the notice set for the next page, if any
 */
@TemplateData
public record Session(String id, String key, String csrf, boolean admin, AtomicReference<String> pendingNotice) {

    Session(String id, String key, String csrf, boolean admin) {
        this(id, key, csrf, admin, new AtomicReference<>());
    }

    public void notice(String text) {
        pendingNotice.set(text);
    }

    /** The notice set for the next page, once. */
    public String takeNotice() {
        return pendingNotice.getAndSet(null);
    }

    /** Says nothing a log could be used for: the id (the session cookie), key and CSRF token are secrets. */
    @Override
    public String toString() {
        return admin ? "Session[admin]" : "Session";
    }
}
