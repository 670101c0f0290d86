package io.renvoi.console.sources;

import io.renvoi.console.session.CurrentSession;
import io.renvoi.console.session.Session;
import io.renvoi.console.upstream.Service;
import io.renvoi.console.upstream.Upstream;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /sources/held} {@code host, action=release|discard}: the Sources page's buttons for a host whose
 * evictions the link-checker's mass-eviction guard holds. Release evicts them, discard makes them active again
 * ({@code POST /api/v1/links/held/{host}/release|discard}, admin keys only, CSRF-checked like every form); the
 * outcome is the next page's notice.
 */
@Path("/sources/held")
@Blocking
public class HeldEvictionsForm {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    @Inject
    CurrentSession session;

    @Inject
    Upstream upstream;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(
            @FormParam("csrf") String token,
            @FormParam("host") String host,
            @FormParam("action") String action,
            @FormParam("collection") String collection) {
        Session s = session.changing(token);
        if (!s.admin()) {
            s.notice("Only an admin key may release or discard held evictions.");
        } else if (host == null || !HOST.matcher(host).matches()) {
            s.notice("No such host.");
        } else if (!"release".equals(action) && !"discard".equals(action)) {
            s.notice("Choose release or discard.");
        } else {
            Upstream.Reply r =
                    upstream.post(Service.LINKS, "/api/v1/links/held/" + host + "/" + action, s.key(), Map.of());
            if (r.ok()) {
                long n = r.body()
                        .path("release".equals(action) ? "released" : "discarded")
                        .asLong();
                s.notice(
                        "release".equals(action)
                                ? "Released " + n + " held eviction" + (n == 1 ? "" : "s") + " of " + host
                                        + ": evicted."
                                : "Discarded " + n + " held eviction" + (n == 1 ? "" : "s") + " of " + host
                                        + ": the pages are active again.");
            } else {
                s.notice("The link-checker refused to " + action + " the evictions of " + host + ": " + r.detail());
            }
        }
        return SourcesPage.backToSources(collection);
    }
}
