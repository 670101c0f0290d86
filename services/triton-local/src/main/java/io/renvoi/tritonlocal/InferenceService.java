package io.renvoi.tritonlocal;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.renvoi.triton.proto.GRPCInferenceServiceGrpc;
import io.renvoi.triton.proto.InferParameter;
import io.renvoi.triton.proto.ModelConfigRequest;
import io.renvoi.triton.proto.ModelConfigResponse;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelMetadataRequest;
import io.renvoi.triton.proto.ModelMetadataResponse;
import io.renvoi.triton.proto.ModelReadyRequest;
import io.renvoi.triton.proto.ModelReadyResponse;
import io.renvoi.triton.proto.ModelStreamInferResponse;
import io.renvoi.triton.proto.ServerLiveRequest;
import io.renvoi.triton.proto.ServerLiveResponse;
import io.renvoi.triton.proto.ServerMetadataRequest;
import io.renvoi.triton.proto.ServerMetadataResponse;
import io.renvoi.triton.proto.ServerReadyRequest;
import io.renvoi.triton.proto.ServerReadyResponse;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Triton's GRPCInferenceService over the {@link LocalModel}s. Unary ModelInfer answers non-decoupled models
 * (decoupled ones get UNIMPLEMENTED, unknown ones NOT_FOUND, bad inputs INVALID_ARGUMENT, as Triton does);
 * ModelStreamInfer runs each request on the worker pool and writes its responses, each carrying
 * {@code triton_final_response}, errors as {@code error_message} with only id/model name/version refilled.
 * The stream ends once the client half-closed and every request has sent its final response. Keeps the
 * latest stream requests and counts the streams the client cancelled, for tests.
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    static final String SERVER_NAME = "triton-local";
    static final String SERVER_VERSION = "0.1.0";
    static final List<String> EXTENSIONS = List.of("model_configuration", "parameters");
    static final String FINAL_RESPONSE = "triton_final_response";

    private static final Logger LOG = Logger.getLogger(InferenceService.class.getName());

    /** How many of the latest stream requests {@link #streamRequests()} keeps. */
    static final int KEPT_REQUESTS = 256;

    private final Map<String, LocalModel> models;
    private final ExecutorService workers;
    private final Deque<ModelInferRequest> streamRequests = new ConcurrentLinkedDeque<>();
    private final AtomicInteger cancelledStreams = new AtomicInteger();

    InferenceService(Map<String, LocalModel> models, ExecutorService workers) {
        this.models = models;
        this.workers = workers;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        reply(out, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        reply(out, ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        reply(
                out,
                ModelReadyResponse.newBuilder()
                        .setReady(isReady(request.getName(), request.getVersion()))
                        .build());
    }

    /** The latest requests received on ModelStreamInfer, oldest first (tests check what a client sent). */
    List<ModelInferRequest> streamRequests() {
        return List.copyOf(streamRequests);
    }

    List<LlmModel> llmModels() {
        return models.values().stream()
                .filter(m -> m instanceof LlmModel)
                .map(m -> (LlmModel) m)
                .toList();
    }

    /** ModelStreamInfer calls the client cancelled. */
    int cancelledStreams() {
        return cancelledStreams.get();
    }

    boolean isReady(String name, String version) {
        return models.containsKey(name) && (version.isEmpty() || version.equals(LocalModel.VERSION));
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        reply(
                out,
                ServerMetadataResponse.newBuilder()
                        .setName(SERVER_NAME)
                        .setVersion(SERVER_VERSION)
                        .addAllExtensions(EXTENSIONS)
                        .build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        try {
            reply(
                    out,
                    ModelSchema.metadata(
                            model(request.getName(), request.getVersion()).config()));
        } catch (TritonError e) {
            fail(out, e);
        }
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
        try {
            reply(
                    out,
                    ModelConfigResponse.newBuilder()
                            .setConfig(model(request.getName(), request.getVersion())
                                    .config())
                            .build());
        } catch (TritonError e) {
            fail(out, e);
        }
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        try {
            LocalModel m = model(request.getModelName(), request.getModelVersion());
            if (m.decoupled()) {
                throw TritonError.decoupledUnary();
            }
            ModelSchema.validate(m.config(), request);
            ModelInferResponse[] result = new ModelInferResponse[1];
            m.execute(request, new LocalModel.Responder() {
                @Override
                public void send(ModelInferResponse response, boolean isFinal) {
                    result[0] = response;
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
            reply(out, result[0]);
        } catch (TritonError e) {
            fail(out, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ModelInfer failed", e);
            fail(out, new TritonError(Status.Code.INTERNAL, String.valueOf(e.getMessage())));
        }
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
        return new Stream((ServerCallStreamObserver<ModelStreamInferResponse>) out);
    }

    private LocalModel model(String name, String version) {
        LocalModel m = models.get(name);
        if (m == null || !(version.isEmpty() || version.equals(LocalModel.VERSION))) {
            throw TritonError.unknownModel(name, version);
        }
        return m;
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private static void fail(StreamObserver<?> out, TritonError e) {
        out.onError(Status.fromCode(e.code()).withDescription(e.getMessage()).asRuntimeException());
    }

    /** One ModelStreamInfer call: many requests in, their responses out, serialized writes. */
    private final class Stream implements StreamObserver<ModelInferRequest> {
        private final ServerCallStreamObserver<ModelStreamInferResponse> out;
        private int outstanding;
        private boolean halfClosed;
        private boolean closed;

        Stream(ServerCallStreamObserver<ModelStreamInferResponse> out) {
            this.out = out;
            out.setOnCancelHandler(() -> {
                cancelledStreams.incrementAndGet();
                synchronized (this) {
                    closed = true;
                }
            });
        }

        @Override
        public void onNext(ModelInferRequest request) {
            streamRequests.addLast(request);
            while (streamRequests.size() > KEPT_REQUESTS) {
                streamRequests.pollFirst();
            }
            synchronized (this) {
                outstanding++;
            }
            try {
                workers.execute(() -> run(request));
            } catch (RejectedExecutionException e) {
                error(request, "server is shutting down");
                done();
            }
        }

        private void run(ModelInferRequest request) {
            try {
                LocalModel m = model(request.getModelName(), request.getModelVersion());
                ModelSchema.validate(m.config(), request);
                m.execute(request, new LocalModel.Responder() {
                    @Override
                    public void send(ModelInferResponse response, boolean isFinal) {
                        ModelInferResponse flagged = response.toBuilder()
                                .putParameters(
                                        FINAL_RESPONSE,
                                        InferParameter.newBuilder()
                                                .setBoolParam(isFinal)
                                                .build())
                                .build();
                        write(ModelStreamInferResponse.newBuilder()
                                .setInferResponse(flagged)
                                .build());
                    }

                    @Override
                    public boolean cancelled() {
                        synchronized (Stream.this) {
                            return closed;
                        }
                    }
                });
            } catch (TritonError e) {
                error(request, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stream request failed", e);
                error(request, String.valueOf(e.getMessage()));
            } finally {
                done();
            }
        }

        private void error(ModelInferRequest request, String message) {
            write(ModelStreamInferResponse.newBuilder()
                    .setErrorMessage(message)
                    .setInferResponse(ModelInferResponse.newBuilder()
                            .setModelName(request.getModelName())
                            .setModelVersion(request.getModelVersion())
                            .setId(request.getId()))
                    .build());
        }

        private synchronized void write(ModelStreamInferResponse r) {
            if (!closed) {
                out.onNext(r);
            }
        }

        private synchronized void done() {
            outstanding--;
            maybeComplete();
        }

        private void maybeComplete() {
            if (halfClosed && outstanding == 0 && !closed) {
                closed = true;
                out.onCompleted();
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            closed = true;
        }

        @Override
        public synchronized void onCompleted() {
            halfClosed = true;
            maybeComplete();
        }
    }
}
