package io.renvoi.console.session;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One signed-in browser: the API key it signed in with (kept here, server-side only), the token its forms and
 * scripts must send back (CSRF), the ingest jobs it started (newest first) and a one-shot notice for the next page.
 */
@TemplateData
public final class Session {
    /** An ingest job started from this session. */
    @TemplateData
    public record Job(String jobId, String collection, String label) {}

    private static final int MAX_JOBS = 20;

    private final String id;
    private final String key;
    private final String csrf;
    private final boolean admin;
    private final Deque<Job> jobs = new ConcurrentLinkedDeque<>();
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

    public void addJob(Job job) {
        jobs.addFirst(job);
        while (jobs.size() > MAX_JOBS) {
            jobs.pollLast();
        }
    }

    public List<Job> jobs() {
        return new ArrayList<>(jobs);
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
