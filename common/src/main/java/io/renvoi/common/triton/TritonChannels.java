package io.renvoi.common.triton;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * Builds plaintext channels to Triton's gRPC port with the inbound message limit raised to
 * {@link #MAX_INBOUND_BYTES} (grpc-java's 4 MiB default is too small for large embedding batches).
 * Needs a gRPC transport on the class path (grpc-netty or grpc-netty-shaded).
 */
public final class TritonChannels {
    public static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    private TritonChannels() {}

    public static ManagedChannel plaintext(String host, int port) {
        return ManagedChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .build();
    }
}
