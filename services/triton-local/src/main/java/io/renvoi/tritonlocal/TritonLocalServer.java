package io.renvoi.tritonlocal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.common.triton.TritonChannel;
import io.renvoi.triton.proto.ModelInferRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running triton-local: Triton's gRPC inference protocol (models {@code embedder}, {@code llm},
 * {@code ensemble}) plus Triton's HTTP health endpoints. Start it from tests with
 * {@code TritonLocalServer.start(0, 0)} (0 = ephemeral port), read {@link #port()}, and {@link #close()} it.
 */
public final class TritonLocalServer implements AutoCloseable {
    /** Max inbound gRPC message size (large embedding batches): the clients' limit. */
    public static final int MAX_INBOUND_BYTES = TritonChannel.MAX_INBOUND_BYTES;

    /**
     * @param host bind address (127.0.0.1 by default)
     * @param grpcPort gRPC port, 0 = ephemeral
     * @param httpPort HTTP health port, 0 = ephemeral, negative = no HTTP side
     * @param threshold the answerer's cosine threshold
     * @param tokenDelay pause between streamed tokens (zero by default)
     */
    public record Settings(String host, int grpcPort, int httpPort, double threshold, Duration tokenDelay) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tokenDelay, "tokenDelay");
        }

        public static Settings of(int grpcPort, int httpPort) {
            return new Settings("127.0.0.1", grpcPort, httpPort, ExtractiveAnswerer.DEFAULT_THRESHOLD, Duration.ZERO);
        }
    }

    private final Server grpc;
    private final HealthHttpServer http;
    private final ExecutorService workers;
    private final Settings settings;

    private final InferenceService service;

    private TritonLocalServer(
            Server grpc, HealthHttpServer http, ExecutorService workers, Settings settings, InferenceService service) {
        this.service = service;
        this.grpc = grpc;
        this.http = http;
        this.workers = workers;
        this.settings = settings;
    }

    /** Starts on 127.0.0.1 with default settings; loads the configured embedding model (1-3 s). */
    public static TritonLocalServer start(int grpcPort, int httpPort) {
        return start(Settings.of(grpcPort, httpPort));
    }

    /**
     * The {@code embedder} model runs the configured embedding model; the extractive answerer always compares
     * sentences with all-MiniLM-L6-v2, the model its threshold was chosen for (the same instance when that is the
     * configured one).
     */
    public static TritonLocalServer start(Settings settings) {
        EmbeddingModel configured = EmbeddingModel.configured();
        OnnxEmbedder embedder = new OnnxEmbedder(configured);
        Embedder sentences =
                configured.equals(EmbeddingModel.MINILM) ? embedder : new OnnxEmbedder(EmbeddingModel.MINILM);
        return start(settings, embedder, sentences);
    }

    /** Starts with a given embedder (e.g. one OnnxEmbedder shared by several servers in a test). */
    public static TritonLocalServer start(Settings settings, Embedder embedder) {
        return start(settings, embedder, embedder);
    }

    /** {@code embedder} behind the {@code embedder} model, {@code sentences} for the answerer. */
    static TritonLocalServer start(Settings settings, Embedder embedder, Embedder sentences) {
        ExtractiveAnswerer answerer = new ExtractiveAnswerer(sentences, settings.threshold());
        Map<String, LocalModel> models = new LinkedHashMap<>();
        for (LocalModel m : new LocalModel[] {
            new EmbedderModel(embedder),
            new LlmModel("llm", LlmModel.Convention.VLLM, answerer, settings.tokenDelay()),
            new LlmModel("ensemble", LlmModel.Convention.TENSORRT_LLM, answerer, settings.tokenDelay())
        }) {
            models.put(m.name(), m);
        }
        ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.numbered("triton-local-worker"));
        InferenceService service = new InferenceService(Map.copyOf(models), workers);
        Server grpc = null;
        try {
            grpc = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.grpcPort()))
                    .maxInboundMessageSize(MAX_INBOUND_BYTES)
                    .addService(service)
                    .build()
                    .start();
            HealthHttpServer http = settings.httpPort() < 0
                    ? null
                    : new HealthHttpServer(settings.host(), settings.httpPort(), service::isReady);
            return new TritonLocalServer(grpc, http, workers, settings, service);
        } catch (IOException e) {
            if (grpc != null) {
                grpc.shutdownNow();
            }
            workers.shutdownNow();
            throw new UncheckedIOException(
                    "cannot start triton-local on " + settings.host() + ": " + e.getMessage(), e);
        }
    }

    /** The gRPC port. */
    public int port() {
        return grpc.getPort();
    }

    /** The HTTP port, or -1 without an HTTP side. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The latest requests received on ModelStreamInfer (up to 256), oldest first: what clients sent. */
    public List<ModelInferRequest> streamRequests() {
        return service.streamRequests();
    }

    /** How many ModelStreamInfer calls their client cancelled (e.g. an HTTP client went away mid-answer). */
    public int cancelledStreams() {
        return service.cancelledStreams();
    }

    /** Changes the pause between streamed tokens of {@code llm} and {@code ensemble} from now on. */
    public void tokenDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        service.llmModels().forEach(m -> m.tokenDelay(delay));
    }

    public String host() {
        return settings.host();
    }

    /** Blocks until the server is shut down. */
    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        grpc.shutdown();
        workers.shutdownNow();
        try {
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            grpc.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
