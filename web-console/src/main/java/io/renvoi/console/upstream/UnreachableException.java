package io.renvoi.console.upstream;

/** A service could not be reached (refused, timed out) or failed: the page says which one, with a 503. */
public class UnreachableException extends RuntimeException {
    private final Service service;

    public UnreachableException(Service service, Throwable cause) {
        super(service.label() + " is unreachable (" + cause.getClass().getSimpleName() + ")", cause);
        this.service = service;
    }

    /** The service answered, but not as a service that works does (a 5xx where none is expected). */
    public UnreachableException(Service service, String why) {
        super(service.label() + " is not answering normally (" + why + ")");
        this.service = service;
    }

    public Service service() {
        return service;
    }
}
