package io.renvoi.console.session;

/** A state-changing request without the session's CSRF token, or from another origin: 403. */
public class CsrfException extends RuntimeException {
    public CsrfException(String message) {
        super(message, null, false, false);
    }
}
