package io.renvoi.common.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferRequest.InferInputTensor;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelStreamInferResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TritonLlmClientTest {
    @RegisterExtension
    final FakeTriton fake = new FakeTriton();

    private TritonLlmClient client(InputConvention convention, Duration timeout) {
        String model = convention == InputConvention.VLLM ? "llm" : "ensemble";
        return new TritonLlmClient(
                fake.channel(), new TritonLlmClient.Options(model, convention, timeout, Duration.ofSeconds(1)));
    }

    @Test
    void streamsTokensInOrderAndCompletesOnFinalFlag() throws Exception {
        fake.streamBehaviour = (r, out) -> {
            out.onNext(FakeTriton.piece("someone-else", "IGNORED", true));
            out.onNext(FakeTriton.piece(r.getId(), "Paris", false));
            out.onNext(FakeTriton.piece(r.getId(), " is", false));
            out.onNext(FakeTriton.piece(r.getId(), " the capital [1].", true));
            out.onCompleted();
        };
        List<String> tokens = new CopyOnWriteArrayList<>();
        LlmCall call =
                client(InputConvention.VLLM, Duration.ofSeconds(5)).generate(LlmRequest.of("prompt"), tokens::add);
        assertThat(call.completion().get(5, TimeUnit.SECONDS)).isEqualTo("Paris is the capital [1].");
        assertThat(tokens).containsExactly("Paris", " is", " the capital [1].");
        assertThat(fake.requests.get(0).getId()).isEqualTo(call.requestId());
    }

    @Test
    void finalEmptyResponseCompletesToo() throws Exception {
        fake.streamBehaviour = (r, out) -> {
            out.onNext(FakeTriton.piece(r.getId(), "done", false));
            out.onNext(FakeTriton.piece(r.getId(), "", true));
            out.onCompleted();
        };
        List<String> tokens = new CopyOnWriteArrayList<>();
        LlmCall call = client(InputConvention.VLLM, Duration.ofSeconds(5)).generate(LlmRequest.of("p"), tokens::add);
        assertThat(call.completion().get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(tokens).containsExactly("done");
    }

    @Test
    void errorMessageBecomesModelError() {
        fake.streamBehaviour = (r, out) -> {
            out.onNext(ModelStreamInferResponse.newBuilder()
                    .setErrorMessage("Error generating stream: boom")
                    .setInferResponse(ModelInferResponse.newBuilder().setId(r.getId()))
                    .build());
        };
        LlmCall call = client(InputConvention.VLLM, Duration.ofSeconds(5)).generate(LlmRequest.of("p"), t -> {});
        assertThatThrownBy(() -> call.completion().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(TritonException.class)
                .hasMessageContaining("Error generating stream: boom")
                .satisfies(e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.MODEL_ERROR));
    }

    @Test
    void anErrorAnsweredBeforeTheRequestIsHalfClosedIsStillAModelError() throws Exception {
        // a direct-executor channel runs the answer inside onNext, so the call is failed and cancelled
        // before generate() half-closes it: the race a busy client thread pool hits now and then
        String name = InProcessServerBuilder.generateName();
        Server direct = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(fake)
                .build()
                .start();
        ManagedChannel directChannel =
                InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            fake.streamBehaviour = (r, out) -> out.onNext(ModelStreamInferResponse.newBuilder()
                    .setErrorMessage("Error generating stream: boom")
                    .setInferResponse(ModelInferResponse.newBuilder().setId(r.getId()))
                    .build());
            TritonLlmClient client = new TritonLlmClient(
                    directChannel,
                    new TritonLlmClient.Options(
                            "llm", InputConvention.VLLM, Duration.ofSeconds(5), Duration.ofSeconds(1)));
            LlmCall call = client.generate(LlmRequest.of("p"), t -> {});
            assertThatThrownBy(() -> call.completion().join())
                    .cause()
                    .satisfies(
                            e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.MODEL_ERROR));
        } finally {
            directChannel.shutdownNow();
            direct.shutdownNow();
        }
    }

    @Test
    void streamEndingWithoutFinalFlagIsAProtocolError() {
        fake.streamBehaviour = (r, out) -> {
            out.onNext(FakeTriton.piece(r.getId(), "half", false));
            out.onCompleted();
        };
        LlmCall call = client(InputConvention.VLLM, Duration.ofSeconds(5)).generate(LlmRequest.of("p"), t -> {});
        assertThatThrownBy(() -> call.completion().join())
                .cause()
                .satisfies(e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.PROTOCOL));
    }

    @Test
    void cancelCancelsTheGrpcCall() throws Exception {
        fake.streamBehaviour = (r, out) -> out.onNext(FakeTriton.piece(r.getId(), "first", false));
        List<String> tokens = new CopyOnWriteArrayList<>();
        LlmCall call = client(InputConvention.VLLM, Duration.ofSeconds(30)).generate(LlmRequest.of("p"), tokens::add);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tokens.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(tokens).containsExactly("first");
        assertThat(call.completion()).isNotDone();
        call.cancel();
        assertThat(fake.streamCancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> call.completion().join())
                .cause()
                .satisfies(e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.CANCELLED));
    }

    @Test
    void deadlineFailsWithTimeout() {
        fake.streamBehaviour = (r, out) -> {};
        LlmCall call = client(InputConvention.VLLM, Duration.ofMillis(200)).generate(LlmRequest.of("p"), t -> {});
        assertThatThrownBy(() -> call.completion().get(5, TimeUnit.SECONDS))
                .cause()
                .satisfies(e -> {
                    TritonException te = (TritonException) e;
                    assertThat(te.kind()).isEqualTo(TritonException.Kind.TIMEOUT);
                    assertThat(te.isTransient()).isTrue();
                });
    }

    @Test
    void unreachableServerIsUnavailable() {
        ManagedChannel nowhere =
                InProcessChannelBuilder.forName("no-such-server").build();
        try {
            TritonLlmClient c = new TritonLlmClient(nowhere, TritonLlmClient.Options.defaults());
            LlmCall call = c.generate(LlmRequest.of("p"), t -> {});
            assertThatThrownBy(() -> call.completion().get(5, TimeUnit.SECONDS))
                    .cause()
                    .satisfies(
                            e -> assertThat(((TritonException) e).kind()).isEqualTo(TritonException.Kind.UNAVAILABLE));
            assertThat(c.serverReady()).isFalse();
            assertThat(c.modelReady("llm")).isFalse();
        } finally {
            nowhere.shutdownNow();
        }
    }

    @Test
    void healthChecks() {
        TritonLlmClient c = client(InputConvention.VLLM, Duration.ofSeconds(1));
        assertThat(c.serverReady()).isTrue();
        assertThat(c.modelReady()).isTrue();
        assertThat(c.modelReady("other")).isFalse();
        fake.ready = false;
        assertThat(c.serverReady()).isFalse();
    }

    /** Generates {@code request} with {@code convention} (the fake answers "ok") and returns what Triton received. */
    private ModelInferRequest requestSent(InputConvention convention, LlmRequest request) throws Exception {
        fake.streamBehaviour = (r, out) -> {
            out.onNext(FakeTriton.piece(r.getId(), "ok", true));
            out.onCompleted();
        };
        client(convention, Duration.ofSeconds(5))
                .generate(request, t -> {})
                .completion()
                .get(5, TimeUnit.SECONDS);
        return fake.requests.get(0);
    }

    @Test
    void vllmRequestShape() throws Exception {
        ModelInferRequest r = requestSent(InputConvention.VLLM, LlmRequest.of("Question: why?", 0.2, 77, 0.9));
        assertThat(r.getModelName()).isEqualTo("llm");
        assertThat(r.getId()).isNotEmpty();
        assertThat(r.getParametersMap()
                        .get("triton_enable_empty_final_response")
                        .getBoolParam())
                .isTrue();
        assertThat(r.getInputsList())
                .extracting(InferInputTensor::getName)
                .containsExactly("text_input", "stream", "sampling_parameters", "exclude_input_in_output");
        assertThat(r.getInputsList())
                .extracting(InferInputTensor::getDatatype)
                .containsExactly("BYTES", "BOOL", "BYTES", "BOOL");
        assertThat(r.getInputsList())
                .allSatisfy(i -> assertThat(i.getShapeList()).containsExactly(1L));
        assertThat(r.getInputsList())
                .allSatisfy(i -> assertThat(i.hasContents()).isFalse());
        assertThat(r.getRawInputContentsCount()).isEqualTo(4);
        assertThat(TritonTensors.decodeStrings(r.getRawInputContents(0))).containsExactly("Question: why?");
        assertThat(TritonTensors.decodeBool(r.getRawInputContents(1))).containsExactly(true);
        JsonNode json = new ObjectMapper()
                .readTree(TritonTensors.decodeStrings(r.getRawInputContents(2)).get(0));
        assertThat(json.get("max_tokens").asText()).isEqualTo("77");
        assertThat(json.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(json.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(TritonTensors.decodeBool(r.getRawInputContents(3))).containsExactly(true);
        assertThat(r.getOutputsList())
                .extracting(ModelInferRequest.InferRequestedOutputTensor::getName)
                .containsExactly("text_output");
    }

    @Test
    void tensorrtLlmRequestShape() throws Exception {
        ModelInferRequest r = requestSent(InputConvention.TENSORRT_LLM, LlmRequest.of("hello", 0.5, 33, 0.75));
        assertThat(r.getModelName()).isEqualTo("ensemble");
        assertThat(r.getInputsList())
                .extracting(InferInputTensor::getName)
                .containsExactly("text_input", "max_tokens", "stream", "temperature", "top_p");
        assertThat(r.getInputsList())
                .extracting(InferInputTensor::getDatatype)
                .containsExactly("BYTES", "INT32", "BOOL", "FP32", "FP32");
        assertThat(r.getInputsList())
                .allSatisfy(i -> assertThat(i.getShapeList()).containsExactly(1L, 1L));
        assertThat(TritonTensors.decodeStrings(r.getRawInputContents(0))).containsExactly("hello");
        assertThat(TritonTensors.decodeInt32(r.getRawInputContents(1))).containsExactly(33);
        assertThat(TritonTensors.decodeBool(r.getRawInputContents(2))).containsExactly(true);
        assertThat(TritonTensors.decodeFp32(r.getRawInputContents(3))).containsExactly(0.5f);
        assertThat(TritonTensors.decodeFp32(r.getRawInputContents(4))).containsExactly(0.75f);
    }

    @Test
    void conventionParsesConfigValues() {
        assertThat(InputConvention.parse("vllm")).isEqualTo(InputConvention.VLLM);
        assertThat(InputConvention.parse("TensorRT-LLM")).isEqualTo(InputConvention.TENSORRT_LLM);
        assertThat(InputConvention.parse("trtllm")).isEqualTo(InputConvention.TENSORRT_LLM);
        assertThatThrownBy(() -> InputConvention.parse("openai")).isInstanceOf(IllegalArgumentException.class);
    }
}
