package io.renvoi.common.triton;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Objects;

/**
 * The gRPC channel a Triton client talks over, and whether the client owns it: a channel the client opened
 * ({@link #open}: plaintext, the inbound message limit raised to {@link #MAX_INBOUND_BYTES}, since grpc-java's
 * 4 MiB default is too small for large embedding batches) is shut down by {@link #close()}; a channel the caller
 * gave ({@link #borrowed}) stays the caller's. Needs a gRPC transport on the class path (grpc-netty or
 * grpc-netty-shaded).
 */
public record TritonChannel(Channel channel, ManagedChannel owned) implements AutoCloseable {
    /** The largest message a channel takes in (and triton-local's server). */
    public static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    /** The caller's channel; closing the client leaves it open. */
    static TritonChannel borrowed(Channel channel) {
        return new TritonChannel(Objects.requireNonNull(channel, "channel"), null);
    }

    /** A plaintext channel to host:port, shut down with the client. */
    static TritonChannel open(String host, int port) {
        ManagedChannel ch = ManagedChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .build();
        return new TritonChannel(ch, ch);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
