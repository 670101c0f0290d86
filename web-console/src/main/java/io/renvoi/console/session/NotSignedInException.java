package io.renvoi.console.session;

/** A page or call that needs a session came without a valid one: pages redirect to sign-in, /ui calls get 401. */
public class NotSignedInException extends RuntimeException {
    public NotSignedInException() {
        super("not signed in", null, false, false);
    }
}
