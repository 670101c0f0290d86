package io.renvoi.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.renvoi.common.rest.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request body declared (Content-Length) larger than {@code quarkus.http.limits.max-body-size} is refused with
 * 413 problem+json before it is read, like every other error (the HTTP layer's own 413 has no body). A chunked
 * body found too large while it is read still gets the HTTP layer's bare 413. Reads the request's headers;
 * writes the 413.
 */
@ApplicationScoped
public class BodyLimitFilter {
    private final long maxBytes;
    private final String body;

    BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.body = json.writeValueAsString(Problem.of(
                Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "request body is too large (at most " + maxBytes + " bytes)"));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBytes) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                // the HTTP layer answers a malformed Content-Length itself
            }
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            return;
        }
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
