package io.renvoi.query.llm;

import io.renvoi.common.triton.LlmCall;

/**
 * Lets the HTTP side stop a generation: {@link #cancel()} cancels the running Triton call (and any later
 * attempt of the same generation) when the client went away.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private volatile LlmCall call;

    /** A cancellation nobody triggers (JSON answers). */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled = true;
        LlmCall c = call;
        if (c != null) {
            c.cancel();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Registers the running call; cancels it at once if the generation was already cancelled. */
    void attach(LlmCall c) {
        call = c;
        if (cancelled) {
            c.cancel();
        }
    }
}
