package io.renvoi.common.fetch;

/** A URL that the platform will not fetch or index; the message is fit for a client. */
public class InvalidUrlException extends IllegalArgumentException {
    public InvalidUrlException(String message) {
        super(message);
    }
}
