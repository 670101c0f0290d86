package io.renvoi.tritonlocal;

import io.grpc.Status;

/**
 * An error the way Triton reports it: a gRPC status code (Triton's TRITONSERVER_Error_Code mapped as its
 * GrpcStatusUtil does: UNSUPPORTED -> UNIMPLEMENTED, NOT_FOUND -> NOT_FOUND, INVALID_ARG -> INVALID_ARGUMENT)
 * and the message, which on a stream becomes {@code error_message}.
 */
final class TritonError extends RuntimeException {
    private final Status.Code code;

    TritonError(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    Status.Code code() {
        return code;
    }

    /** Triton's model-repository message for a model it does not know. */
    static TritonError unknownModel(String name, String version) {
        String v = version == null || version.isEmpty() ? "" : " version " + version;
        return new TritonError(
                Status.Code.NOT_FOUND, "Request for unknown model: '" + name + "'" + v + " is not found");
    }

    static TritonError invalid(String requestId, String message) {
        String prefix = requestId == null || requestId.isEmpty() ? "" : "[request id: " + requestId + "] ";
        return new TritonError(Status.Code.INVALID_ARGUMENT, prefix + message);
    }

    /** What Triton answers when unary ModelInfer targets a decoupled model. */
    static TritonError decoupledUnary() {
        return new TritonError(
                Status.Code.UNIMPLEMENTED, "ModelInfer RPC doesn't support models with decoupled transaction policy");
    }
}
