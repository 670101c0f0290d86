package io.renvoi.tritonlocal;

import io.renvoi.triton.proto.ModelConfig;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;

/** A model served by triton-local: its Triton config and how it answers one validated request. */
interface LocalModel {
    /** The version every model is served at. */
    String VERSION = "1";

    ModelConfig config();

    default String name() {
        return config().getName();
    }

    default boolean decoupled() {
        return config().getModelTransactionPolicy().getDecoupled();
    }

    /**
     * Answers a request whose inputs already match the config. Sends one response (non-decoupled) or any
     * number of them (decoupled), the last with {@code isFinal}; throws {@link TritonError} on bad input.
     */
    void execute(ModelInferRequest request, Responder responder);

    /** Where a model sends its responses. */
    interface Responder {
        void send(ModelInferResponse response, boolean isFinal);

        /** True once the client went away; decoupled models stop generating. */
        boolean cancelled();
    }
}
