package io.renvoi.common.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An API key as stored on the {@code rag.keys} topic (keyed by {@link #id}): its name, the collections it may use
 * (exact names or prefixes such as {@code team-a-*}), its scopes, its limits and the SHA-256 of the secret. The
 * secret itself is never stored.
 */
public record ApiKey(String id, String name, List<String> collections, Set<Scope> scopes, KeyLimits limits,
        String hash, Instant createdAt) {}
