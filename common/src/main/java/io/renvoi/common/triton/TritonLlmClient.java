package io.renvoi.common.triton;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.renvoi.triton.proto.GRPCInferenceServiceGrpc;
import io.renvoi.triton.proto.InferParameter;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelReadyRequest;
import io.renvoi.triton.proto.ModelStreamInferResponse;
import io.renvoi.triton.proto.ServerReadyRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls a decoupled LLM model on Triton over {@code ModelStreamInfer}. Writes one {@code ModelInferRequest}
 * per call (inputs per {@link InputConvention}, raw contents, a fresh request id, the request parameter
 * {@code triton_enable_empty_final_response=true}) and reads {@code ModelStreamInferResponse}s: the
 * {@code text_output} pieces (raw_output_contents, else contents) go to the token consumer; the response
 * whose parameter {@code triton_final_response} is true completes the call; {@code error_message} fails it.
 * No retries or circuit breaking here: the service layer owns those.
 */
public final class TritonLlmClient implements AutoCloseable {
    /** Request parameter asking Triton to send the empty final response of a decoupled model too. */
    static final String ENABLE_EMPTY_FINAL = "triton_enable_empty_final_response";

    static final String FINAL_RESPONSE = "triton_final_response";

    /**
     * @param model model name ({@code llm} for vLLM, {@code ensemble} for TensorRT-LLM)
     * @param convention how the model takes its inputs
     * @param callTimeout deadline of one whole generation
     * @param healthTimeout deadline of ServerReady / ModelReady
     */
    public record Options(String model, InputConvention convention, Duration callTimeout, Duration healthTimeout) {
        public Options {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(convention, "convention");
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
        }

        public static Options defaults() {
            return new Options("llm", InputConvention.VLLM, Duration.ofSeconds(60), Duration.ofSeconds(2));
        }
    }

    private final TritonChannel channel;
    private final Options options;

    /** Uses the given channel; the caller keeps ownership of it. */
    public TritonLlmClient(Channel channel, Options options) {
        this(TritonChannel.borrowed(channel), options);
    }

    private TritonLlmClient(TritonChannel channel, Options options) {
        this.channel = channel;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Opens (and owns, see {@link #close()}) a plaintext channel to host:port. */
    public static TritonLlmClient connect(String host, int port, Options options) {
        return new TritonLlmClient(TritonChannel.open(host, port), options);
    }

    public Options options() {
        return options;
    }

    /**
     * Starts a streaming generation. {@code onToken} receives each non-empty {@code text_output} piece in
     * order, on a gRPC thread; if it throws, the call is cancelled and fails with that exception as cause.
     */
    public LlmCall generate(LlmRequest request, Consumer<String> onToken) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onToken, "onToken");
        String id = UUID.randomUUID().toString();
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder()
                .setModelName(options.model())
                .setId(id)
                .putParameters(
                        ENABLE_EMPTY_FINAL,
                        InferParameter.newBuilder().setBoolParam(true).build());
        options.convention().apply(b, request, true);
        StreamCall call = new StreamCall(id, onToken);
        StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(channel.channel())
                .withDeadlineAfter(options.callTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .withMaxInboundMessageSize(TritonChannel.MAX_INBOUND_BYTES)
                .modelStreamInfer(call);
        try {
            requests.onNext(b.build());
            requests.onCompleted();
        } catch (IllegalStateException e) {
            // the answer (an error, say) came and the call was cancelled before we half-closed it:
            // the outcome is already in the completion; anything else is ours to report
            if (!call.completion().isDone()) {
                throw e;
            }
        }
        return call;
    }

    /** ServerReady with the health deadline; false on any failure. */
    public boolean serverReady() {
        try {
            return healthStub()
                    .serverReady(ServerReadyRequest.getDefaultInstance())
                    .getReady();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /** ModelReady with the health deadline; false on any failure. */
    public boolean modelReady(String name) {
        try {
            return healthStub()
                    .modelReady(ModelReadyRequest.newBuilder().setName(name).build())
                    .getReady();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /** ModelReady for the configured model. */
    public boolean modelReady() {
        return modelReady(options.model());
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub healthStub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel.channel())
                .withDeadlineAfter(options.healthTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Reads the response stream of one generation. */
    private static final class StreamCall
            implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse>, LlmCall {
        private final String id;
        private final Consumer<String> onToken;
        private final CompletableFuture<String> completion = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private volatile ClientCallStreamObserver<ModelInferRequest> requestStream;

        StreamCall(String id, Consumer<String> onToken) {
            this.id = id;
            this.onToken = onToken;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ModelInferRequest> stream) {
            this.requestStream = stream;
        }

        @Override
        public void onNext(ModelStreamInferResponse r) {
            if (completion.isDone()) {
                return;
            }
            ModelInferResponse ir = r.getInferResponse();
            if (!ir.getId().isEmpty() && !ir.getId().equals(id)) {
                return; // not ours: Triton echoes the request id on every response of that request
            }
            if (!r.getErrorMessage().isEmpty()) {
                fail(new TritonException(TritonException.Kind.MODEL_ERROR, r.getErrorMessage()));
                return;
            }
            try {
                String piece = textOf(ir);
                if (!piece.isEmpty()) {
                    text.append(piece);
                    onToken.accept(piece);
                }
            } catch (IllegalArgumentException e) {
                fail(new TritonException(TritonException.Kind.PROTOCOL, "bad text_output: " + e.getMessage(), null, e));
                return;
            } catch (RuntimeException e) {
                fail(new TritonException(TritonException.Kind.CANCELLED, "token consumer failed: " + e, null, e));
                return;
            }
            InferParameter fin = ir.getParametersMap().get(FINAL_RESPONSE);
            if (fin != null && fin.getBoolParam()) {
                completion.complete(text.toString());
            }
        }

        @Override
        public void onError(Throwable t) {
            completion.completeExceptionally(TritonException.from(t));
        }

        @Override
        public void onCompleted() {
            if (!completion.isDone()) {
                completion.completeExceptionally(new TritonException(
                        TritonException.Kind.PROTOCOL,
                        "stream ended before a response with " + FINAL_RESPONSE + "=true"));
            }
        }

        private void fail(TritonException e) {
            if (completion.completeExceptionally(e)) {
                ClientCallStreamObserver<ModelInferRequest> s = requestStream;
                if (s != null) {
                    s.cancel(e.getMessage(), null);
                }
            }
        }

        private static String textOf(ModelInferResponse ir) {
            ByteString raw =
                    TritonTensors.output(ir, InputConvention.TEXT_OUTPUT).orElse(null);
            if (raw == null) {
                return "";
            }
            List<String> parts = TritonTensors.decodeStrings(raw);
            return parts.size() == 1 ? parts.get(0) : String.join("", parts);
        }

        @Override
        public String requestId() {
            return id;
        }

        @Override
        public CompletableFuture<String> completion() {
            return completion;
        }

        @Override
        public void cancel() {
            if (completion.completeExceptionally(
                    new TritonException(TritonException.Kind.CANCELLED, "cancelled by caller"))) {
                ClientCallStreamObserver<ModelInferRequest> s = requestStream;
                if (s != null) {
                    s.cancel("cancelled by caller", null);
                }
            }
        }
    }
}
