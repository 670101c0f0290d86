package io.renvoi.console.session;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.renvoi.console.ConsoleConfig;
import io.renvoi.console.upstream.UnreachableException;
import io.renvoi.console.web.Cookies;
import io.renvoi.console.web.ErrorMappers;
import io.renvoi.console.web.SafeNext;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Signing in and out. {@code POST /sign-in} takes an API key from the form (never from the URL), checks it with
 * {@link KeyProbe} and keeps it in a {@link Session}; the browser gets only the session cookie.
 * {@code POST /sign-in/tokens} (the key in {@code Authorization: Bearer}) makes a one-time token for
 * {@code ./renvoi console}, which {@code GET /sign-in/token?t=...&next=...} consumes.
 */
@Path("/sign-in")
@Blocking
public class SignInResource {
    @Inject
    Template signin;

    @Inject
    SessionStore sessions;

    @Inject
    OneTimeTokens tokens;

    @Inject
    KeyProbe probe;

    @Inject
    CsrfGuard csrf;

    @Inject
    ConsoleConfig config;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("next") String next) {
        return page(Response.Status.OK, next, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(
            @FormParam("key") String key,
            @FormParam("next") String next,
            @FormParam("csrf") String token,
            @CookieParam(Cookies.SIGN_IN) String expected,
            @Context HttpHeaders headers) {
        try {
            csrf.check(expected, token, headers);
        } catch (CsrfException e) {
            return page(Response.Status.FORBIDDEN, next, e.getMessage());
        }
        KeyProbe.Verdict verdict;
        try {
            verdict = probe.check(key == null ? null : key.strip());
        } catch (UnreachableException e) {
            return page(
                    Response.Status.SERVICE_UNAVAILABLE,
                    next,
                    "The key could not be checked: " + e.getMessage() + ". Try again when it is running.");
        }
        if (verdict == KeyProbe.Verdict.INVALID) {
            return page(
                    Response.Status.UNAUTHORIZED,
                    next,
                    "This API key is not valid (unknown, revoked or mistyped). Keys start with rvk_.");
        }
        return signedIn(key.strip(), verdict == KeyProbe.Verdict.ADMIN, next);
    }

    /** Consumes a one-time token made by {@code ./renvoi console} and opens {@code next} signed in. */
    @GET
    @Path("/token")
    @Produces(MediaType.TEXT_HTML)
    public Response token(@QueryParam("t") String token, @QueryParam("next") String next) {
        return tokens.consume(token)
                .map(g -> signedIn(g.key(), g.admin(), next))
                .orElseGet(() -> page(
                        Response.Status.UNAUTHORIZED,
                        next,
                        "This sign-in link was already used or has expired: run ./renvoi console again, or paste"
                                + " a key below."));
    }

    /** For the launcher: a one-time token signing in with the key of this request. */
    @POST
    @Path("/tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mint(@HeaderParam("Authorization") String authorization) {
        String key = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip()
                : null;
        KeyProbe.Verdict verdict = probe.check(key);
        if (verdict == KeyProbe.Verdict.INVALID) {
            return Response.fromResponse(ErrorMappers.problem(401, "a valid API key is required"))
                    .header("WWW-Authenticate", "Bearer realm=\"renvoi\"")
                    .build();
        }
        String t = tokens.mint(new OneTimeTokens.Grant(key, verdict == KeyProbe.Verdict.ADMIN));
        return Response.status(Response.Status.CREATED)
                .entity(Map.of(
                        "token",
                        t,
                        "expiresAt",
                        Instant.now().plus(config.tokenTtl()).toString()))
                .build();
    }

    private Response signedIn(String key, boolean admin, String next) {
        Session s = sessions.create(key, admin);
        return Response.seeOther(URI.create(SafeNext.of(next)))
                .cookie(Cookies.of(Cookies.SESSION, s.id(), config.secureCookie()))
                .cookie(Cookies.expired(Cookies.SIGN_IN, config.secureCookie()))
                .build();
    }

    private Response page(Response.Status status, String next, String error) {
        String formToken = Secrets.random();
        TemplateInstance html = signin.data("next", SafeNext.of(next))
                .data("error", error)
                .data("csrf", formToken)
                .data("session", null)
                .data("page", "sign-in");
        return Response.status(status)
                .entity(html)
                .cookie(Cookies.of(Cookies.SIGN_IN, formToken, config.secureCookie()))
                .build();
    }
}
