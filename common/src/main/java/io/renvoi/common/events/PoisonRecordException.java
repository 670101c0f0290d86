package io.renvoi.common.events;

/** A record that can never be processed; consumers send it to their dead-letter topic and go on. */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String message) {
        super(message);
    }
}
