package io.renvoi.common.triton;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.triton.proto.GRPCInferenceServiceGrpc;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link Embedder} backed by a Triton model (default {@code embedder}) over unary {@code ModelInfer}:
 * writes input {@code text} BYTES [n] as raw contents, reads output {@code embedding} FP32 [n, dims]
 * (raw_output_contents, else contents). Splits large lists into batches of at most {@code maxBatch}.
 */
public final class TritonEmbedder implements Embedder, AutoCloseable {
    public static final String INPUT = "text";
    public static final String OUTPUT = "embedding";

    /**
     * Model name, batch limit, per-batch deadline, vector size, and the embedding model Triton's model runs (whose
     * instructions {@link Embedder#embedQuery} and {@link Embedder#embedPassages} add before sending).
     */
    public record Options(String model, int maxBatch, Duration timeout, int dimensions, EmbeddingModel embedding) {
        public Options {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(embedding, "embedding");
            Objects.requireNonNull(timeout, "timeout");
            if (maxBatch <= 0 || dimensions <= 0) {
                throw new IllegalArgumentException("maxBatch and dimensions must be positive");
            }
        }

        /** Triton's model runs the default embedding model. */
        public Options(String model, int maxBatch, Duration timeout, int dimensions) {
            this(model, maxBatch, timeout, dimensions, EmbeddingModel.DEFAULT);
        }

        public static Options defaults() {
            return new Options("embedder", 64, Duration.ofSeconds(30), MINILM_DIMENSIONS);
        }
    }

    private final TritonChannel channel;
    private final Options options;

    public TritonEmbedder(Channel channel, Options options) {
        this(TritonChannel.borrowed(channel), options);
    }

    public TritonEmbedder(Channel channel) {
        this(channel, Options.defaults());
    }

    private TritonEmbedder(TritonChannel channel, Options options) {
        this.channel = channel;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Opens (and owns, see {@link #close()}) a plaintext channel to host:port. */
    public static TritonEmbedder connect(String host, int port, Options options) {
        return new TritonEmbedder(TritonChannel.open(host, port), options);
    }

    @Override
    public EmbeddingModel model() {
        return options.embedding();
    }

    /** @throws TritonException when Triton fails or answers with an unexpected tensor */
    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += options.maxBatch()) {
            out.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + options.maxBatch()))));
        }
        return out;
    }

    private List<float[]> embedBatch(List<String> batch) {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(options.model())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(INPUT)
                        .setDatatype(TritonTensors.BYTES)
                        .addShape(batch.size()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName(OUTPUT))
                .addRawInputContents(TritonTensors.encodeStrings(batch))
                .build();
        ModelInferResponse response;
        try {
            response = GRPCInferenceServiceGrpc.newBlockingStub(channel.channel())
                    .withDeadlineAfter(options.timeout().toNanos(), TimeUnit.NANOSECONDS)
                    .withMaxInboundMessageSize(TritonChannel.MAX_INBOUND_BYTES)
                    .modelInfer(request);
        } catch (StatusRuntimeException e) {
            throw TritonException.from(e);
        }
        ByteString raw = TritonTensors.output(response, OUTPUT)
                .orElseThrow(() -> new TritonException(
                        TritonException.Kind.PROTOCOL,
                        "response of model '" + options.model() + "' has no output '" + OUTPUT + "'"));
        float[] flat;
        try {
            flat = TritonTensors.decodeFp32(raw);
        } catch (IllegalArgumentException e) {
            throw new TritonException(TritonException.Kind.PROTOCOL, e.getMessage(), null, e);
        }
        int dims = options.dimensions();
        if (flat.length != batch.size() * dims) {
            throw new TritonException(
                    TritonException.Kind.PROTOCOL,
                    "expected " + batch.size() + "x" + dims + " floats from model '" + options.model() + "', got "
                            + flat.length);
        }
        List<float[]> vectors = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            float[] v = new float[dims];
            System.arraycopy(flat, i * dims, v, 0, dims);
            vectors.add(v);
        }
        return vectors;
    }

    @Override
    public int dimensions() {
        return options.dimensions();
    }

    @Override
    public void close() {
        channel.close();
    }
}
