package io.renvoi.common.auth;

import jakarta.enterprise.context.RequestScoped;

/** The {@link Caller} of the request being served, set by {@link BearerAuthFilter} for every {@code /api/v1} request. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** @throws IllegalStateException outside an authenticated request (a bug: the filter runs first) */
    public Caller get() {
        if (caller == null) throw new IllegalStateException("no authenticated caller in this request");
        return caller;
    }
}
