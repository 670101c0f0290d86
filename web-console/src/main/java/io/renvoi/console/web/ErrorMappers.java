package io.renvoi.console.web;

import io.quarkus.qute.Template;
import io.renvoi.console.session.CsrfException;
import io.renvoi.console.session.NotSignedInException;
import io.renvoi.console.upstream.UnreachableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * How the console's own failures reach a person: without a session a page redirects to sign-in (coming back after
 * it) and a script call ({@code /ui/...}) gets 401; a refused CSRF check is 403; a service that cannot be reached is
 * 503 naming it. Script calls get problem+json, pages the error page.
 */
public class ErrorMappers {
    private final Template error;

    ErrorMappers(Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response notSignedIn(NotSignedInException e, UriInfo uri) {
        if (scripted(uri)) {
            return problem(Response.Status.UNAUTHORIZED, "not signed in (or the session ended): sign in again");
        }
        String next = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null
                        ? ""
                        : "?" + uri.getRequestUri().getRawQuery());
        return Response.seeOther(URI.create(
                        "/sign-in?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }

    @ServerExceptionMapper
    public Response csrf(CsrfException e, UriInfo uri) {
        return scripted(uri) ? problem(Response.Status.FORBIDDEN, e.getMessage()) : page(Response.Status.FORBIDDEN, e);
    }

    @ServerExceptionMapper
    public Response unreachable(UnreachableException e, UriInfo uri) {
        return scripted(uri)
                ? problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage())
                : page(Response.Status.SERVICE_UNAVAILABLE, e);
    }

    private static boolean scripted(UriInfo uri) {
        return uri.getPath().startsWith("/ui/");
    }

    static Response problem(Response.Status status, String detail) {
        return problem(status.getStatusCode(), detail);
    }

    /** An application/problem+json answer of the console's own (its script calls and the launcher's). */
    public static Response problem(int status, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return Response.status(status)
                .type("application/problem+json")
                .entity(Map.of(
                        "status", status, "title", known == null ? "Error" : known.getReasonPhrase(), "detail", detail))
                .build();
    }

    private Response page(Response.Status status, RuntimeException e) {
        return Response.status(status)
                .type("text/html;charset=UTF-8")
                .entity(error.data("status", status.getStatusCode())
                        .data("title", status.getReasonPhrase())
                        .data("detail", e.getMessage())
                        .data("session", null)
                        .data("page", "error"))
                .build();
    }
}
