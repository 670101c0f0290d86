package io.renvoi.console.session;

import io.renvoi.console.upstream.Service;
import io.renvoi.console.upstream.UnreachableException;
import io.renvoi.console.upstream.Upstream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/**
 * Checks an API key before a session is made for it: a well-formed key is shown to ingest-service's
 * {@code GET /api/v1/keys}, which answers 200 to an admin key, 403 to another valid key, 401 to an unknown or
 * revoked one. The key is never logged.
 */
@ApplicationScoped
public class KeyProbe {
    /** What the services think of a key. */
    public enum Verdict {
        ADMIN,
        VALID,
        INVALID
    }

    private static final Pattern FORM = Pattern.compile("rvk_[A-Za-z0-9_-]{16,252}");

    @Inject
    Upstream upstream;

    /** @throws io.renvoi.console.upstream.UnreachableException when ingest-service cannot be asked */
    public Verdict check(String key) {
        if (key == null || !FORM.matcher(key).matches()) {
            return Verdict.INVALID;
        }
        int status = upstream.get(Service.INGEST, "/api/v1/keys", key).status();
        if (status == 200) {
            return Verdict.ADMIN;
        }
        if (status == 403) {
            return Verdict.VALID;
        }
        if (status == 401) {
            return Verdict.INVALID;
        }
        throw new UnreachableException(Service.INGEST, "HTTP " + status + " to the key check");
    }
}
