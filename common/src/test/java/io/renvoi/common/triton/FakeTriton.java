package io.renvoi.common.triton;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.renvoi.triton.proto.GRPCInferenceServiceGrpc;
import io.renvoi.triton.proto.InferParameter;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelReadyRequest;
import io.renvoi.triton.proto.ModelReadyResponse;
import io.renvoi.triton.proto.ModelStreamInferResponse;
import io.renvoi.triton.proto.ServerReadyRequest;
import io.renvoi.triton.proto.ServerReadyResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scriptable GRPCInferenceService for client tests: records requests, answers as each test says. As a JUnit
 * extension ({@code @RegisterExtension}) it serves itself in process for each test; {@link #channel()} reaches it.
 */
class FakeTriton extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase
        implements BeforeEachCallback, AfterEachCallback {
    final List<ModelInferRequest> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch streamCancelled = new CountDownLatch(1);
    volatile BiConsumer<ModelInferRequest, StreamObserver<ModelStreamInferResponse>> streamBehaviour = (r, o) -> {};
    volatile Function<ModelInferRequest, ModelInferResponse> unary = r -> ModelInferResponse.getDefaultInstance();
    volatile boolean ready = true;
    private Server server;
    private ManagedChannel channel;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(this)
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        channel.shutdownNow();
        server.shutdownNow();
    }

    /** A channel to this fake, served in process for the running test. */
    ManagedChannel channel() {
        return channel;
    }

    static ModelStreamInferResponse piece(String id, String text, boolean last) {
        return ModelStreamInferResponse.newBuilder()
                .setInferResponse(ModelInferResponse.newBuilder()
                        .setModelName("llm")
                        .setModelVersion("1")
                        .setId(id)
                        .putParameters(
                                "triton_final_response",
                                InferParameter.newBuilder().setBoolParam(last).build())
                        .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                                .setName("text_output")
                                .setDatatype("BYTES")
                                .addShape(1))
                        .addRawOutputContents(TritonTensors.encodeStrings(text)))
                .build();
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
        ((ServerCallStreamObserver<ModelStreamInferResponse>) out).setOnCancelHandler(streamCancelled::countDown);
        return new StreamObserver<>() {
            @Override
            public void onNext(ModelInferRequest r) {
                requests.add(r);
                streamBehaviour.accept(r, out);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        requests.add(request);
        try {
            out.onNext(unary.apply(request));
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        out.onNext(ServerReadyResponse.newBuilder().setReady(ready).build());
        out.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        out.onNext(ModelReadyResponse.newBuilder()
                .setReady(request.getName().equals("llm"))
                .build());
        out.onCompleted();
    }
}
