package io.renvoi.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renvoi.common.auth.CurrentCaller;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.rest.Problem;
import io.renvoi.query.admission.AnswerAdmission;
import io.renvoi.query.answer.AnswerService;
import io.renvoi.query.answer.AnswerStreamer;
import io.renvoi.query.llm.LlmGateway;
import io.renvoi.query.llm.LlmUnavailableException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/query}: answers a question from resolved passages with [n] citations; JSON by default,
 * a terminal-friendly rendering with {@code Accept: text/plain}, and server-sent events with
 * {@code Accept: text/event-stream} ({@code token} events, one {@code citations} event, a {@code done} event).
 * Each answer holds an {@link AnswerAdmission} permit while in progress (a stream until it ends): beyond the
 * limits, 429 problem+json with Retry-After.
 */
@Path("/api/v1/query")
@RequiresScope(Scope.QUERY)
@Blocking
public class QueryResource {
    @Inject
    AnswerService answers;

    @Inject
    AnswerStreamer streamer;

    @Inject
    RequestValidator validator;

    @Inject
    ObjectMapper json;

    @Inject
    AnswerAdmission admission;

    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public QueryResponse query(QueryRequest body) throws IOException {
        RequestValidator.ValidQuery valid = validator.query(body);
        caller.get().requireCollection(valid.collection());
        try (AnswerAdmission.Permit permit = admission.answer()) {
            return answers.answer(valid.question(), valid.collection(), valid.k(), options(body));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public String queryText(QueryRequest body) throws IOException {
        return query(body).toText();
    }

    /**
     * Streams the answer. Everything before the first token (validation, retrieval, resolution, reaching the
     * LLM) still answers with a status and problem+json; a failure after it arrives as an {@code error} event.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> queryStream(QueryRequest body, @Context Sse sse) throws IOException {
        RequestValidator.ValidQuery valid = validator.query(body);
        caller.get().requireCollection(valid.collection());
        AnswerAdmission.Permit permit = admission.stream();
        try {
            AnswerService.Prepared prepared = answers.prepare(valid.question(), valid.collection(), valid.k());
            return streamer.stream(prepared, options(body))
                    .onTermination()
                    .invoke(permit::close)
                    .map(part -> event(sse, part))
                    .onCompletion()
                    .continueWith(sse.newEventBuilder().name("done").data("{}").build());
        } catch (IOException | RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    private OutboundSseEvent event(Sse sse, AnswerStreamer.Part part) {
        if (part instanceof AnswerStreamer.Token t) {
            return sse.newEventBuilder()
                    .name("token")
                    .data(write(Map.of("text", t.text())))
                    .build();
        }
        if (part instanceof AnswerStreamer.Citations c) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("citations", c.answer().citations());
            body.put("dropped", c.answer().dropped());
            return sse.newEventBuilder().name("citations").data(write(body)).build();
        }
        RuntimeException e = ((AnswerStreamer.Failed) part).error();
        Response.Status status = e instanceof LlmUnavailableException
                ? Response.Status.SERVICE_UNAVAILABLE
                : Response.Status.INTERNAL_SERVER_ERROR;
        return sse.newEventBuilder()
                .name("error")
                .data(write(Problem.of(status, "the answer was interrupted: " + e.getMessage())))
                .build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LlmGateway.GenerationOptions options(QueryRequest body) {
        return new LlmGateway.GenerationOptions(body.temperature(), body.maxTokens(), body.topP());
    }
}
