package io.renvoi.ingest.keys;

import io.renvoi.common.auth.KeyLimits;
import io.renvoi.common.auth.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Body of the 201 answer to {@code POST /api/v1/keys}: the only time the secret {@code key} is shown. */
public record KeyCreated(
        String id,
        String key,
        String name,
        List<String> collections,
        Set<Scope> scopes,
        KeyLimits limits,
        Instant createdAt) {}
