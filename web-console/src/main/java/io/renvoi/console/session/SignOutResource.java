package io.renvoi.console.session;

import io.renvoi.console.ConsoleConfig;
import io.renvoi.console.web.Cookies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code POST /sign-out}: ends the session (the key is forgotten) and expires its cookie. */
@Path("/sign-out")
public class SignOutResource {
    private final SessionStore sessions;
    private final CsrfGuard csrf;
    private final ConsoleConfig config;

    SignOutResource(SessionStore sessions, CsrfGuard csrf, ConsoleConfig config) {
        this.sessions = sessions;
        this.csrf = csrf;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(
            @CookieParam(Cookies.SESSION) String id, @FormParam("csrf") String token, @Context HttpHeaders headers) {
        Session s = sessions.require(id);
        csrf.check(s.csrf(), token, headers);
        sessions.remove(id);
        return Response.seeOther(URI.create("/sign-in"))
                .cookie(Cookies.expired(Cookies.SESSION, config.secureCookie()))
                .build();
    }
}
