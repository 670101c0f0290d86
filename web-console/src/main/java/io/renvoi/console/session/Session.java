package io.renvoi.console.session;

import io.quarkus.qute.TemplateData;

/**
 * One signed-in browser: the API key it signed in with (kept here, server-side only), the token its forms and
 * scripts must send back (CSRF) and a one-shot notice for the next page. Recent jobs are read from ingest-service.
 */
@TemplateData
public final class Session {
    private final String id;
    private final String key;
    private final String csrf;
    private final boolean admin;
    private volatile String notice;

    Session(String id, String key, String csrf, boolean admin) {
        this.id = id;
        this.key = key;
        this.csrf = csrf;
        this.admin = admin;
    }

    public String id() {
        return id;
    }

    /** The API key, for the Authorization header of calls to the services; never rendered. */
    public String key() {
        return key;
    }

    public String csrf() {
        return csrf;
    }

    /** Whether the key has the admin scope (held evictions are shown only then). */
    public boolean admin() {
        return admin;
    }

    public void notice(String text) {
        notice = text;
    }

    /** The notice set for the next page, once. */
    public String takeNotice() {
        String n = notice;
        notice = null;
        return n;
    }
}
