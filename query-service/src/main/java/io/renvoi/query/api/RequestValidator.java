package io.renvoi.query.api;

import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.common.rest.RequestChecks;
import io.renvoi.query.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks query bodies and fills defaults; every problem becomes a 400 with a precise detail. */
@ApplicationScoped
class RequestValidator {
    private static final int MAX_QUESTION_CHARS = 2000;

    @Inject
    QueryConfig config;

    record ValidQuery(String question, String collection, int k) {}

    ValidQuery query(QueryRequest body) {
        RequestChecks.body(body, "{\"question\": \"...\", \"collection\": \"...\"}");
        String collection = RequestChecks.collectionOrDefault(body.collection());
        if (body.temperature() != null && !(body.temperature() >= 0 && body.temperature() <= 2)) { // NaN fails too
            throw new BadRequestException("temperature must be between 0 and 2");
        }
        RequestChecks.between("maxTokens", body.maxTokens(), 1, 4096, 0);
        if (body.topP() != null && !(body.topP() > 0 && body.topP() <= 1)) {
            throw new BadRequestException("topP must be greater than 0 and at most 1");
        }
        String question = RequestChecks.text("question", body.question(), MAX_QUESTION_CHARS);
        return new ValidQuery(
                question, collection, RequestChecks.between("k", body.k(), 1, config.maxK(), config.defaultK()));
    }
}
