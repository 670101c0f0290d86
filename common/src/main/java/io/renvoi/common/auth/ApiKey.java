package io.renvoi.common.auth;

import io.renvoi.common.events.CollectionNames;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An API key as stored on the {@code rag.keys} topic (keyed by {@link #id}): its name, the collections it may use
 * (exact names or prefixes such as {@code team-a-*}), its scopes, its limits and the SHA-256 of the secret. The
 * secret itself is never stored.
 */
public record ApiKey(
        String id,
        String name,
        List<String> collections,
        Set<Scope> scopes,
        KeyLimits limits,
        String hash,
        Instant createdAt) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Whether this record can be trusted as a key stored under {@code recordKey}: its id, a SHA-256, a name,
     * scopes, and collections that are names or prefixes (none only for an admin key), valid limits. A record
     * that is not is treated as a revocation, never as a key.
     */
    public boolean validAt(String recordKey) {
        if (id == null
                || !id.equals(recordKey)
                || hash == null
                || !HEX64.matcher(hash).matches()
                || name == null) return false;
        if (scopes == null
                || scopes.isEmpty()
                || scopes.stream().anyMatch(java.util.Objects::isNull)
                || collections == null) return false;
        if (collections.isEmpty() && !scopes.contains(Scope.ADMIN)) return false;
        for (String c : collections) {
            if (c == null || CollectionNames.problem(c.endsWith("*") ? c.substring(0, c.length() - 1) : c) != null)
                return false;
        }
        return limits == null || limits.problem() == null;
    }

    /** Without the hash: a key record never reaches a log line whole. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", name=" + name + ", scopes=" + scopes + ", collections=" + collections + "]";
    }
}
