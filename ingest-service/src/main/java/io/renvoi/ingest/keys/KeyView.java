package io.renvoi.ingest.keys;

import io.renvoi.common.auth.ApiKey;
import io.renvoi.common.auth.KeyLimits;
import io.renvoi.common.auth.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A key as {@code GET /api/v1/keys} shows it: never its secret nor its hash. */
public record KeyView(
        String id, String name, List<String> collections, Set<Scope> scopes, KeyLimits limits, Instant createdAt) {
    static KeyView of(ApiKey k) {
        return new KeyView(k.id(), k.name(), k.collections(), k.scopes(), k.limits(), k.createdAt());
    }
}
