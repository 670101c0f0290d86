package io.renvoi.common.auth;

import java.util.List;
import java.util.Set;

/**
 * Who made a request, as an authenticator found it: a key id and name, the collections it may use (exact names
 * or {@code prefix-*}), its scopes and limits. An {@code admin} caller may use every collection.
 */
public record Caller(String keyId, String name, List<String> collections, Set<Scope> scopes, KeyLimits limits) {

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** Whether this caller may read or write collection {@code c}. */
    public boolean mayUse(String c) {
        if (c == null) return false;
        if (isAdmin()) return true;
        for (String pattern : collections) {
            if (pattern.endsWith("*") ? c.startsWith(pattern.substring(0, pattern.length() - 1)) : c.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** @throws AccessDeniedException when this caller may not use collection {@code c} */
    public void requireCollection(String c) {
        if (!mayUse(c)) {
            throw new AccessDeniedException("this API key may not use collection '" + c + "'");
        }
    }
}
