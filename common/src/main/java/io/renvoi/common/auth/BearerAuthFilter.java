package io.renvoi.common.auth;

import io.renvoi.common.rest.Problem;
import io.renvoi.common.rest.ProblemMappers;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every request to a REST resource of the service (all of them live under {@code /api/v1}): reads
 * {@code Authorization: Bearer <key>}, asks the {@link Authenticator}s who holds it, checks the endpoint's
 * {@link RequiresScope} (admin when absent; an admin key has every scope) and the key's query rate, and leaves
 * the {@link Caller} in {@link CurrentCaller}. It runs after matching and for every resource, whatever its path:
 * a resource added anywhere is closed until annotated. Health, metrics and OpenAPI ({@code /q/*}) are served by
 * Quarkus outside the REST resources and stay open. The resources check collections themselves. The credential
 * is never logged nor echoed.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
    /** Query parameters that would carry a credential in the URL (into access logs and caches): refused. */
    static final Set<String> CREDENTIAL_PARAMS =
            Set.of("access_token", "api_key", "apikey", "api-key", "key", "token", "authorization", "bearer");

    @Context
    ResourceInfo resource;

    @Inject
    Instance<Authenticator> authenticators;

    @Inject
    CurrentCaller current;

    @Inject
    QueryRateLimit queryRate;

    @Override
    public void filter(ContainerRequestContext request) {
        if (credentialInUrl(request.getUriInfo().getQueryParameters())) {
            request.abortWith(Problem.response(
                    Response.Status.BAD_REQUEST,
                    "API keys are not accepted in the URL; send the header Authorization: Bearer <key>"));
            return;
        }
        List<String> headers = request.getHeaders().get("Authorization");
        if (headers == null || headers.isEmpty()) {
            request.abortWith(
                    AuthProblems.unauthorized(null, "this API needs an API key: send Authorization: Bearer <key>"));
            return;
        }
        if (headers.size() > 1) {
            request.abortWith(AuthProblems.unauthorized("invalid_request", "send one Authorization header"));
            return;
        }
        String header = headers.get(0);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(
                    AuthProblems.unauthorized("invalid_request", "use the Bearer scheme: Authorization: Bearer <key>"));
            return;
        }
        String credential = header.substring(7).strip();
        if (!ApiKeySecrets.wellFormed(credential)) {
            request.abortWith(AuthProblems.unauthorized("invalid_token", "the API key is malformed"));
            return;
        }
        Optional<Caller> caller = Optional.empty();
        boolean allReady = true;
        for (Authenticator a : authenticators) {
            caller = a.authenticate(credential);
            if (caller.isPresent()) break;
            allReady &= a.ready();
        }
        if (caller.isEmpty()) {
            request.abortWith(
                    allReady
                            ? AuthProblems.unauthorized(
                                    "invalid_token", "the API key is not valid (unknown or revoked)")
                            : ProblemMappers.unavailable("API keys are still being loaded; retry in a few seconds"));
            return;
        }
        Scope needed = requiredScope();
        Caller c = caller.get();
        if (!c.has(needed) && !c.isAdmin()) {
            request.abortWith(Problem.response(
                    Response.Status.FORBIDDEN,
                    "this API key does not have the '" + needed.wireName() + "' scope this endpoint needs"));
            return;
        }
        if (needed == Scope.QUERY) {
            Optional<Duration> wait = queryRate.admit(c);
            if (wait.isPresent()) {
                request.abortWith(ProblemMappers.retryLater(
                        Response.Status.TOO_MANY_REQUESTS,
                        "this API key is over its limit of " + c.limits().queriesPerSecond() + " queries per second",
                        wait.get()));
                return;
            }
        }
        current.set(c);
    }

    private Scope requiredScope() {
        Method m = resource == null ? null : resource.getResourceMethod();
        if (m != null) {
            RequiresScope s = m.getAnnotation(RequiresScope.class);
            if (s == null) s = resource.getResourceClass().getAnnotation(RequiresScope.class);
            if (s != null) return s.value();
        }
        return Scope.ADMIN;
    }

    private static boolean credentialInUrl(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (CREDENTIAL_PARAMS.contains(e.getKey().toLowerCase(Locale.ROOT))) return true;
            for (String v : e.getValue()) {
                if (v != null && v.startsWith("rvk_")) return true;
            }
        }
        return false;
    }
}
