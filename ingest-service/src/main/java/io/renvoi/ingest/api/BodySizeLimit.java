package io.renvoi.ingest.api;

import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.rest.Problem;
import io.renvoi.ingest.config.IngestConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Answers 413 with a problem+json body when a request declares a body larger than
 * {@code renvoi.ingest.max-body-bytes}, before it is read. A chunked body without Content-Length is cut
 * by {@code quarkus.http.limits.max-body-size} (set to the same value) instead.
 */
@ApplicationScoped
public class BodySizeLimit {
    @Inject
    IngestConfig config;

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > config.maxBodyBytes()) {
                Problem p = new Problem(
                        "about:blank",
                        "Request Entity Too Large",
                        413,
                        "request body is larger than " + config.maxBodyBytes() + " bytes");
                try {
                    ctx.response()
                            .setStatusCode(413)
                            .putHeader("Content-Type", Problem.MEDIA_TYPE)
                            .putHeader("Connection", "close")
                            .end(JsonMapper.shared().writeValueAsString(p));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    ctx.fail(e);
                }
                return;
            }
            ctx.next();
        });
    }
}
