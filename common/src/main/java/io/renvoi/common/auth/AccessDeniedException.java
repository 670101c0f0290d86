package io.renvoi.common.auth;

import io.renvoi.common.rest.ProblemException;

/**
 * A valid key asked for a scope or collection it lacks: answered 403. The detail names only what was asked, so
 * that it reads the same whether or not another collection exists.
 */
public class AccessDeniedException extends ProblemException {
    public AccessDeniedException(String message) {
        super(403, message, null, null);
    }
}
