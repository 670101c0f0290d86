package io.renvoi.query.api;

import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.query.QueryConfig;

/** Checks query bodies and fills defaults; every problem becomes a 400 with a precise detail. */
final class RequestValidator {
    private static final int MAX_QUESTION_CHARS = 2000;
    private final QueryConfig config;

    RequestValidator(QueryConfig config) {
        this.config = config;
    }

    record ValidQuery(String question, String collection, int k) {}

    ValidQuery query(QueryRequest body) {
        if (body == null)
            throw new BadRequestException("request body is required: {\"question\": \"...\", \"collection\": \"...\"}");
        String collection = body.collection() == null ? "default" : body.collection();
        collection(collection);
        if (body.temperature() != null && !(body.temperature() >= 0 && body.temperature() <= 2)) { // NaN fails too
            throw new BadRequestException("temperature must be between 0 and 2");
        }
        if (body.maxTokens() != null && (body.maxTokens() < 1 || body.maxTokens() > 4096)) {
            throw new BadRequestException("maxTokens must be between 1 and 4096");
        }
        if (body.topP() != null && !(body.topP() > 0 && body.topP() <= 1)) {
            throw new BadRequestException("topP must be greater than 0 and at most 1");
        }
        return new ValidQuery(text("question", body.question()), collection, k(body.k()));
    }

    private int k(Integer k) {
        if (k == null) return config.defaultK();
        if (k < 1 || k > config.maxK()) throw new BadRequestException("k must be between 1 and " + config.maxK());
        return k;
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) throw new BadRequestException(field + " is required");
        if (value.length() > MAX_QUESTION_CHARS)
            throw new BadRequestException(field + " is longer than " + MAX_QUESTION_CHARS + " characters");
        return value.strip();
    }

    private static void collection(String name) {
        String problem = CollectionNames.problem(name);
        if (problem != null) throw new BadRequestException(problem);
    }
}
