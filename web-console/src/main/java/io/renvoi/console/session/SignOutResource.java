package io.renvoi.console.session;

import io.renvoi.console.ConsoleConfig;
import io.renvoi.console.web.Cookies;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code POST /sign-out}: ends the session (the key is forgotten) and expires its cookie. */
@Path("/sign-out")
public class SignOutResource {
    @Inject
    SessionStore sessions;

    @Inject
    CurrentSession session;

    @Inject
    ConsoleConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String token) {
        sessions.remove(session.changing(token).id());
        return Response.seeOther(URI.create("/sign-in"))
                .cookie(Cookies.expired(Cookies.SESSION, config.secureCookie()))
                .build();
    }
}
