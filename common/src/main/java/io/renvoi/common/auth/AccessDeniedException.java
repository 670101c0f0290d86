package io.renvoi.common.auth;

/**
 * A valid key asked for a scope or collection it lacks: answered 403. The detail names only what was asked, so
 * that it reads the same whether or not another collection exists.
 */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
