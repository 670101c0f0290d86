package io.renvoi.common.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.renvoi.triton.proto.InferTensorContents;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TritonEmbedderTest {
    private static final int DIMS = 4;

    @RegisterExtension
    final FakeTriton fake = new FakeTriton();

    @BeforeEach
    void answerByLength() {
        fake.unary = TritonEmbedderTest::embedByLength;
    }

    /** Vector of text t: [len(t), len(t)+1, ...], sent as raw_output_contents like Triton. */
    private static ModelInferResponse embedByLength(ModelInferRequest r) {
        List<String> texts =
                TritonTensors.decodeStrings(TritonTensors.input(r, "text").orElseThrow());
        float[] flat = new float[texts.size() * DIMS];
        for (int i = 0; i < texts.size(); i++) {
            for (int j = 0; j < DIMS; j++) {
                flat[i * DIMS + j] = texts.get(i).length() + j;
            }
        }
        return ModelInferResponse.newBuilder()
                .setModelName("embedder")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("embedding")
                        .setDatatype("FP32")
                        .addShape(texts.size())
                        .addShape(DIMS))
                .addRawOutputContents(TritonTensors.encodeFp32(flat))
                .build();
    }

    private TritonEmbedder embedder(int maxBatch) {
        return new TritonEmbedder(
                fake.channel(), new TritonEmbedder.Options("embedder", maxBatch, Duration.ofSeconds(5), DIMS));
    }

    @Test
    void splitsIntoBatchesAndKeepsOrder() {
        List<String> texts = IntStream.range(1, 6).mapToObj("x"::repeat).collect(Collectors.toList());
        List<float[]> vectors = embedder(2).embed(texts);
        assertThat(fake.requests).hasSize(3);
        assertThat(fake.requests).extracting(r -> r.getInputs(0).getShape(0)).containsExactly(2L, 2L, 1L);
        ModelInferRequest first = fake.requests.get(0);
        assertThat(first.getModelName()).isEqualTo("embedder");
        assertThat(first.getInputs(0).getName()).isEqualTo("text");
        assertThat(first.getInputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(first.getOutputs(0).getName()).isEqualTo("embedding");
        assertThat(vectors).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(vectors.get(i)).containsExactly(i + 1f, i + 2f, i + 3f, i + 4f);
        }
        assertThat(embedder(2).embed(List.of())).isEmpty();
    }

    @Test
    void readsTypedContentsWhenNoRawContents() {
        fake.unary = r -> ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("embedding")
                        .setDatatype("FP32")
                        .addShape(1)
                        .addShape(DIMS)
                        .setContents(InferTensorContents.newBuilder().addAllFp32Contents(List.of(1f, 2f, 3f, 4f))))
                .build();
        assertThat(embedder(8).embed("a")).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void wrongSizeIsAProtocolError() {
        fake.unary = r -> ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("embedding")
                        .setDatatype("FP32"))
                .addRawOutputContents(TritonTensors.encodeFp32(1f))
                .build();
        assertThatThrownBy(() -> embedder(8).embed("a"))
                .isInstanceOf(TritonException.class)
                .satisfies(e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.PROTOCOL));
    }

    @Test
    void grpcStatusIsMapped() {
        fake.unary = r -> {
            throw Status.NOT_FOUND
                    .withDescription("Request for unknown model: 'embedder' is not found")
                    .asRuntimeException();
        };
        assertThatThrownBy(() -> embedder(8).embed("a"))
                .isInstanceOf(TritonException.class)
                .hasMessageContaining("unknown model")
                .satisfies(e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.MODEL_ERROR));
    }
}
