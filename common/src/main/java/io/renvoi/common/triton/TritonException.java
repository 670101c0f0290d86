package io.renvoi.common.triton;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A failed Triton call. {@link #kind()} tells the service layer what to do: retry or open the breaker on
 * {@link Kind#UNAVAILABLE} and {@link Kind#TIMEOUT}; never retry {@link Kind#MODEL_ERROR} (Triton or the
 * model rejected the request, e.g. a stream response carrying {@code error_message}).
 */
public final class TritonException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** Triton is not reachable or not serving (gRPC UNAVAILABLE). */
        UNAVAILABLE,
        /** The per-call deadline passed. */
        TIMEOUT,
        /** The caller cancelled the call. */
        CANCELLED,
        /** Triton or the model answered with an error (error_message, or a non-transport gRPC status). */
        MODEL_ERROR,
        /** The answer did not have the expected outputs, shapes or encodings. */
        PROTOCOL
    }

    private final Kind kind;
    private final Status.Code grpcCode;

    public TritonException(Kind kind, String message, Status.Code grpcCode, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.grpcCode = grpcCode;
    }

    public TritonException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    /** Maps a gRPC failure: UNAVAILABLE, DEADLINE_EXCEEDED and CANCELLED keep their meaning; the rest is a model error. */
    public static TritonException from(Throwable t) {
        if (t instanceof TritonException te) {
            return te;
        }
        Status status = Status.fromThrowable(t);
        Kind kind;
        switch (status.getCode()) {
            case UNAVAILABLE:
                kind = Kind.UNAVAILABLE;
                break;
            case DEADLINE_EXCEEDED:
                kind = Kind.TIMEOUT;
                break;
            case CANCELLED:
                kind = Kind.CANCELLED;
                break;
            case UNKNOWN:
                kind = t instanceof StatusRuntimeException ? Kind.MODEL_ERROR : Kind.PROTOCOL;
                break;
            default:
                kind = Kind.MODEL_ERROR;
        }
        String msg = status.getDescription() != null ? status.getDescription() : String.valueOf(t.getMessage());
        return new TritonException(kind, status.getCode() + ": " + msg, status.getCode(), t);
    }

    public Kind kind() {
        return kind;
    }

    /** The gRPC status code when the failure came as a gRPC status, else null. */
    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** True for failures worth retrying later (UNAVAILABLE, TIMEOUT). */
    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT;
    }
}
