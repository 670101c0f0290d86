package io.renvoi.console.ask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renvoi.console.session.CurrentSession;
import io.renvoi.console.session.Session;
import io.renvoi.console.upstream.Service;
import io.renvoi.console.upstream.UnreachableException;
import io.renvoi.console.upstream.Upstream;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /ui/ask} {@code {"question", "collection"}}: relays query-service's streamed answer
 * ({@code /api/v1/query}, server-sent events) to the browser event by event, each flushed as it arrives. What
 * query-service refuses before the stream opens becomes an {@code error} event ({@code {status, detail}}); when it
 * is a 503 (the LLM down, say), the console still searches and sends the passages found as a {@code retrieved}
 * event, so the sources show although no answer could be written. Every stream ends with {@code done}.
 */
@Path("/ui/ask")
@Blocking
public class AskRelay {
    /** The browser's request. */
    public record Ask(String question, String collection) {}

    private static final byte[] DONE = "event: done\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    CurrentSession session;

    @Inject
    Upstream upstream;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ask(Ask body) {
        Session s = session.changing();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("question", body == null ? null : body.question());
        request.put("collection", body == null ? null : body.collection());
        StreamingOutput out = sink -> relay(s.key(), request, sink);
        return Response.ok(out, "text/event-stream;charset=UTF-8")
                .header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    private void relay(String key, Map<String, Object> request, OutputStream sink) throws IOException {
        HttpResponse<InputStream> answer;
        try {
            answer = upstream.stream(Service.QUERY, "/api/v1/query", key, request);
        } catch (UnreachableException e) {
            event(sink, "error", Map.of("status", 503, "detail", e.getMessage()));
            sink.write(DONE);
            sink.flush();
            return;
        }
        try (InputStream in = answer.body()) {
            if (answer.statusCode() != 200) {
                String detail = new Upstream.Reply(answer.statusCode(), upstream.parse(in.readAllBytes())).detail();
                event(sink, "error", Map.of("status", answer.statusCode(), "detail", detail));
                if (answer.statusCode() == 503) {
                    retrieved(key, request, sink);
                }
                sink.write(DONE);
                sink.flush();
                return;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                sink.write(line.getBytes(StandardCharsets.UTF_8));
                sink.write('\n');
                if (line.isEmpty()) {
                    sink.flush(); // one event complete: on the browser's screen now
                }
            }
            sink.flush();
        }
    }

    /** The passages retrieval finds, unverified: shown when no answer can be written. */
    private void retrieved(String key, Map<String, Object> request, OutputStream sink) throws IOException {
        try {
            Upstream.Reply hits = upstream.post(
                    Service.QUERY,
                    "/api/v1/search",
                    key,
                    Map.of("query", request.get("question"), "collection", request.get("collection"), "k", 5));
            if (hits.ok() && hits.body() != null) {
                event(sink, "retrieved", Map.of("hits", hits.body().path("hits")));
            }
        } catch (UnreachableException e) {
            event(sink, "retrieved", Map.of("hits", List.of()));
        }
    }

    private void event(OutputStream sink, String name, Object data) throws IOException {
        String text;
        try {
            text = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        sink.write(("event: " + name + "\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
        sink.flush();
    }
}
