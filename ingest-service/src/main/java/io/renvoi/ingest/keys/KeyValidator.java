package io.renvoi.ingest.keys;

import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.ApiKeySecrets;
import io.renvoi.common.auth.Scope;
import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.common.rest.RequestChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks a {@link KeyRequest} and turns it into an {@link ApiKey} for a new secret; 400 for anything invalid. */
final class KeyValidator {
    static final int MAX_COLLECTIONS = 100;

    private KeyValidator() {}

    static ApiKey toKey(KeyRequest req, String secret) {
        RequestChecks.body(req, "{\"name\": \"...\", \"collections\": [\"...\"], \"scopes\": [\"ingest\", \"query\"]}");
        String name = req.name() == null ? "" : req.name().strip();
        if (name.isEmpty() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name must be 1-64 characters without control characters");
        }
        if (req.scopes() == null || req.scopes().isEmpty()) {
            throw new BadRequestException("scopes is required: one or more of ingest, query, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : req.scopes()) {
            try {
                scopes.add(Scope.parse(s));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("scopes: " + e.getMessage());
            }
        }
        List<String> collections = req.collections() == null ? List.of() : req.collections();
        if (collections.isEmpty() && !scopes.contains(Scope.ADMIN)) {
            throw new BadRequestException(
                    "collections is required: names such as \"docs\" or prefixes such as \"team-a-*\"");
        }
        if (collections.size() > MAX_COLLECTIONS) {
            throw new BadRequestException("at most " + MAX_COLLECTIONS + " collections per key");
        }
        Set<String> valid = new LinkedHashSet<>();
        for (String c : collections) {
            String name0 = c != null && c.endsWith("*") ? c.substring(0, c.length() - 1) : c;
            if (CollectionNames.problem(name0) != null) {
                throw new BadRequestException(
                        "collections: '" + shortened(c) + "' is neither a collection name (1-64 lowercase"
                                + " letters, digits or dashes) nor such a name followed by * (a prefix)");
            }
            valid.add(c);
        }
        if (req.limits() != null && req.limits().problem() != null) {
            throw new BadRequestException(req.limits().problem());
        }
        return new ApiKey(
                ApiKeySecrets.newId(),
                name,
                new ArrayList<>(valid),
                scopes,
                req.limits(),
                ApiKeySecrets.hash(secret),
                Instant.now());
    }

    private static String shortened(String s) {
        return s == null ? "null" : s.substring(0, Math.min(64, s.length()));
    }
}
