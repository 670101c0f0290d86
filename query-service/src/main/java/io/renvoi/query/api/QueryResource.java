package io.renvoi.query.api;

import io.renvoi.common.rest.Problem;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.answer.AnswerService;
import io.renvoi.query.llm.LlmGateway;
import io.renvoi.query.llm.LlmUnavailableException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * {@code POST /api/v1/query}: answers a question from verified passages with [n] citations; JSON by
 * default, a terminal-friendly rendering with {@code Accept: text/plain}.
 */
@Path("/api/v1/query")
@Blocking
public class QueryResource {
    private final AnswerService answers;
    private final RequestValidator validator;

    QueryResource(AnswerService answers, QueryConfig config) {
        this.answers = answers;
        this.validator = new RequestValidator(config);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(QueryRequest body) throws IOException {
        return respond(body, false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Response queryText(QueryRequest body) throws IOException {
        return respond(body, true);
    }

    private Response respond(QueryRequest body, boolean text) throws IOException {
        RequestValidator.ValidQuery valid = validator.query(body);
        try {
            QueryResponse response = answers.answer(valid.question(), valid.collection(), valid.k(),
                    new LlmGateway.GenerationOptions(body.temperature(), body.maxTokens(), null), token -> {});
            return text ? Response.ok(response.toText(), MediaType.TEXT_PLAIN_TYPE).build() : Response.ok(response).build();
        } catch (LlmUnavailableException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the language model is unavailable: " + e.getMessage()
                    + "; retrieval still works on /api/v1/search");
        }
    }
}
