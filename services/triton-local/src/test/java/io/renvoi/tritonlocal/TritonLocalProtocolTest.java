package io.renvoi.tritonlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.triton.InputConvention;
import io.renvoi.common.triton.LlmCall;
import io.renvoi.common.triton.LlmRequest;
import io.renvoi.common.triton.TritonEmbedder;
import io.renvoi.common.triton.TritonLlmClient;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.triton.proto.DataType;
import io.renvoi.triton.proto.GRPCInferenceServiceGrpc;
import io.renvoi.triton.proto.InferParameter;
import io.renvoi.triton.proto.InferTensorContents;
import io.renvoi.triton.proto.ModelConfig;
import io.renvoi.triton.proto.ModelConfigRequest;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferRequest.InferInputTensor;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelMetadataRequest;
import io.renvoi.triton.proto.ModelMetadataResponse;
import io.renvoi.triton.proto.ModelReadyRequest;
import io.renvoi.triton.proto.ModelStreamInferResponse;
import io.renvoi.triton.proto.ServerLiveRequest;
import io.renvoi.triton.proto.ServerMetadataRequest;
import io.renvoi.triton.proto.ServerReadyRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks to a real triton-local over Netty on 127.0.0.1 with plain stubs generated from our .proto. */
class TritonLocalProtocolTest {
    private static final String EIFFEL = Prompts.build("How tall is the Eiffel Tower?");

    private static OnnxEmbedder miniLm;
    private static TritonLocalServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;
    private static String expectedAnswer;

    @BeforeAll
    static void start() {
        miniLm = new OnnxEmbedder(EmbeddingModel.MINILM); // the answerer's model, and the embedder served here
        server = TritonLocalServer.start(TritonLocalServer.Settings.of(0, 0), miniLm);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .maxInboundMessageSize(TritonLocalServer.MAX_INBOUND_BYTES)
                .build();
        blocking = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        expectedAnswer = new ExtractiveAnswerer(miniLm, ExtractiveAnswerer.DEFAULT_THRESHOLD).answer(EIFFEL);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void input(ModelInferRequest.Builder b, String name, String type, ByteString raw, long... shape) {
        InferInputTensor.Builder t = InferInputTensor.newBuilder().setName(name).setDatatype(type);
        for (long d : shape) {
            t.addShape(d);
        }
        b.addInputs(t).addRawInputContents(raw);
    }

    private static ModelInferRequest vllm(String id, String prompt, Boolean stream, Boolean exclude, String sampling) {
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder().setModelName("llm").setId(id);
        input(b, "text_input", "BYTES", TritonTensors.encodeStrings(prompt), 1);
        if (stream != null) {
            input(b, "stream", "BOOL", TritonTensors.encodeBool(stream), 1);
        }
        if (exclude != null) {
            input(b, "exclude_input_in_output", "BOOL", TritonTensors.encodeBool(exclude), 1);
        }
        if (sampling != null) {
            input(b, "sampling_parameters", "BYTES", TritonTensors.encodeStrings(sampling), 1);
        }
        return b.build();
    }

    /** Sends the requests on one ModelStreamInfer call, half-closes, and collects everything until the end. */
    private static List<ModelStreamInferResponse> stream(ModelInferRequest... requests) throws Exception {
        List<ModelStreamInferResponse> out = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ModelInferRequest> in = GRPCInferenceServiceGrpc.newStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .modelStreamInfer(new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse r) {
                        out.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (ModelInferRequest r : requests) {
            in.onNext(r);
        }
        in.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        return out;
    }

    private static String text(ModelStreamInferResponse r) {
        return TritonTensors.decodeStrings(TritonTensors.output(r.getInferResponse(), "text_output")
                        .orElseThrow())
                .get(0);
    }

    private static boolean isFinal(ModelStreamInferResponse r) {
        InferParameter p = r.getInferResponse().getParametersMap().get("triton_final_response");
        assertThat(p).as("triton_final_response on every response").isNotNull();
        return p.getBoolParam();
    }

    // ---- embedder -----------------------------------------------------------------------------------

    @Test
    void embedderAnswersRawFp32RowsInInputOrder() {
        List<String> texts = List.of("The Eiffel Tower is in Paris.", "Rust has a borrow checker.", "héllo wörld 日本");
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder().setModelName("embedder").setId("e1");
        input(b, "text", "BYTES", TritonTensors.encodeStrings(texts), 3);
        ModelInferResponse r = blocking.modelInfer(b.build());

        assertThat(r.getModelName()).isEqualTo("embedder");
        assertThat(r.getModelVersion()).isEqualTo("1");
        assertThat(r.getId()).isEqualTo("e1");
        assertThat(r.getOutputsCount()).isEqualTo(1);
        assertThat(r.getOutputs(0).getName()).isEqualTo("embedding");
        assertThat(r.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(r.getOutputs(0).getShapeList()).containsExactly(3L, 384L);
        assertThat(r.getOutputs(0).hasContents()).isFalse();
        assertThat(r.getRawOutputContentsCount()).isEqualTo(1);
        float[] flat = TritonTensors.decodeFp32(r.getRawOutputContents(0));
        assertThat(flat).hasSize(3 * 384);
        List<float[]> expected = miniLm.embed(texts);
        for (int row = 0; row < 3; row++) {
            for (int j = 0; j < 384; j++) {
                assertThat(flat[row * 384 + j]).isCloseTo(expected.get(row)[j], within(1e-6f));
            }
        }
    }

    @Test
    void embedderAcceptsTypedBytesContents() {
        ModelInferRequest req = ModelInferRequest.newBuilder()
                .setModelName("embedder")
                .addInputs(InferInputTensor.newBuilder()
                        .setName("text")
                        .setDatatype("BYTES")
                        .addShape(1)
                        .setContents(
                                InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("hello"))))
                .build();
        float[] flat = TritonTensors.decodeFp32(blocking.modelInfer(req).getRawOutputContents(0));
        assertThat(flat).containsExactly(miniLm.embed("hello"));
    }

    @Test
    void tritonEmbedderGivesMiniLmVectors() {
        List<String> texts = List.of("one", "two words", "three little words", "four", "five");
        try (TritonEmbedder e = TritonEmbedder.connect(
                "127.0.0.1",
                server.port(),
                new TritonEmbedder.Options("embedder", 2, Duration.ofSeconds(30), 384, EmbeddingModel.MINILM))) {
            List<float[]> got = e.embed(texts);
            List<float[]> expected = miniLm.embed(texts);
            assertThat(got).hasSize(5);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 384; j++) {
                    assertThat(got.get(i)[j]).isCloseTo(expected.get(i)[j], within(1e-5f));
                }
            }
        }
    }

    @Test
    void inputsAreCheckedAgainstTheConfig() {
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder().setModelName("embedder").setId("bad");
        input(b, "text", "INT32", TritonTensors.encodeInt32(1), 1);
        assertThatThrownBy(() -> blocking.modelInfer(b.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo(
                                    "[request id: bad] inference input 'text' data-type is 'INT32', but model 'embedder' expects 'BYTES'");
                });
        ModelInferRequest.Builder none = ModelInferRequest.newBuilder().setModelName("embedder");
        assertThatThrownBy(() -> blocking.modelInfer(none.build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("missing required input(s) ['text']"));
    }

    // ---- llm (vLLM conventions) ---------------------------------------------------------------------

    @Test
    void streamingSendsWordPiecesWithFinalFlagOnlyOnTheLast() throws Exception {
        List<ModelStreamInferResponse> rs = stream(vllm("s1", EIFFEL, true, true, "{\"max_tokens\":\"200\"}"));
        assertThat(rs).hasSizeGreaterThan(3);
        assertThat(rs).allSatisfy(r -> {
            assertThat(r.getErrorMessage()).isEmpty();
            assertThat(r.getInferResponse().getId()).isEqualTo("s1");
            assertThat(r.getInferResponse().getModelName()).isEqualTo("llm");
            assertThat(r.getInferResponse().getRawOutputContentsCount()).isEqualTo(1);
        });
        assertThat(rs.subList(0, rs.size() - 1)).noneMatch(TritonLocalProtocolTest::isFinal);
        assertThat(isFinal(rs.get(rs.size() - 1))).isTrue();
        assertThat(rs).allSatisfy(r -> assertThat(text(r)).startsWith(" ").doesNotContain("  "));
        String joined = rs.stream().map(TritonLocalProtocolTest::text).collect(Collectors.joining());
        assertThat(joined.trim()).isEqualTo(expectedAnswer).contains("[2]");
    }

    @Test
    void maxTokensIsHonoured() throws Exception {
        List<ModelStreamInferResponse> three =
                stream(vllm("m3", EIFFEL, true, true, "{\"max_tokens\":\"3\",\"temperature\":\"0.1\"}"));
        assertThat(three).hasSize(3);
        List<String> words = List.of(expectedAnswer.split("\\s+"));
        assertThat(three.stream().map(TritonLocalProtocolTest::text).collect(Collectors.joining()))
                .isEqualTo(" " + String.join(" ", words.subList(0, 3)));
        assertThat(isFinal(three.get(2))).isTrue();

        List<ModelStreamInferResponse> numeric =
                stream(vllm("m2", EIFFEL, false, true, "{\"max_tokens\": 2, \"top_p\": 0.9}"));
        assertThat(numeric).hasSize(1);
        assertThat(text(numeric.get(0)).trim().split("\\s+")).hasSize(2);
        assertThat(isFinal(numeric.get(0))).isTrue();
    }

    @Test
    void vllmDefaultMaxTokensIsSixteen() throws Exception {
        String long16 = Prompts.build("What do plants release during photosynthesis?");
        List<ModelStreamInferResponse> rs = stream(vllm("d", long16, true, true, null));
        assertThat(rs).hasSizeLessThanOrEqualTo(LlmModel.VLLM_DEFAULT_MAX_TOKENS);
    }

    @Test
    void nonStreamingPrependsThePromptUnlessExcluded() throws Exception {
        List<ModelStreamInferResponse> withPrompt = stream(vllm("n1", EIFFEL, false, null, "{\"max_tokens\":\"200\"}"));
        assertThat(withPrompt).hasSize(1);
        assertThat(isFinal(withPrompt.get(0))).isTrue();
        assertThat(text(withPrompt.get(0))).isEqualTo(EIFFEL + " " + expectedAnswer);

        List<ModelStreamInferResponse> without = stream(vllm("n2", EIFFEL, false, true, "{\"max_tokens\":\"200\"}"));
        assertThat(text(without.get(0))).isEqualTo(" " + expectedAnswer);
    }

    @Test
    void streamingWithInputInOutputIsAnError() throws Exception {
        List<ModelStreamInferResponse> rs = stream(vllm("x1", EIFFEL, true, false, null));
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).getErrorMessage())
                .isEqualTo(
                        "Error generating stream: When streaming, `exclude_input_in_output` = False is not allowed.");
        assertThat(rs.get(0).getInferResponse().getId()).isEqualTo("x1");
        assertThat(rs.get(0).getInferResponse().getOutputsCount()).isZero();
    }

    @Test
    void unaryModelInferOnDecoupledModelIsRejectedLikeTriton() {
        for (String model : List.of("llm", "ensemble")) {
            ModelInferRequest r = vllm("u1", "hi", false, true, null).toBuilder()
                    .setModelName(model)
                    .build();
            assertThatThrownBy(() -> blocking.modelInfer(r)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                assertThat(e.getStatus().getDescription())
                        .isEqualTo("ModelInfer RPC doesn't support models with decoupled transaction policy");
            });
        }
    }

    @Test
    void unknownModel() throws Exception {
        String msg = "Request for unknown model: 'nope' is not found";
        List<ModelStreamInferResponse> rs = stream(vllm("k1", "hi", true, true, null).toBuilder()
                .setModelName("nope")
                .build());
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).getErrorMessage()).isEqualTo(msg);
        assertThat(rs.get(0).getInferResponse().getId()).isEqualTo("k1");

        ModelInferRequest unary =
                ModelInferRequest.newBuilder().setModelName("nope").build();
        assertThatThrownBy(() -> blocking.modelInfer(unary)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo(msg);
        });
        assertThatThrownBy(() -> blocking.modelMetadata(
                        ModelMetadataRequest.newBuilder().setName("nope").build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo(msg));
        assertThat(blocking.modelReady(
                                ModelReadyRequest.newBuilder().setName("nope").build())
                        .getReady())
                .isFalse();
    }

    @Test
    void severalRequestsShareOneStreamAndKeepTheirIds() throws Exception {
        List<ModelStreamInferResponse> rs = stream(
                vllm("a", EIFFEL, true, true, "{\"max_tokens\":\"2\"}"),
                vllm(
                        "b",
                        Prompts.build("What does the Rust borrow checker prevent?"),
                        true,
                        true,
                        "{\"max_tokens\":\"2\"}"));
        assertThat(rs).hasSize(4);
        assertThat(rs.stream().filter(r -> r.getInferResponse().getId().equals("a")))
                .hasSize(2);
        assertThat(rs.stream().filter(r -> r.getInferResponse().getId().equals("b") && isFinal(r)))
                .hasSize(1);
    }

    // ---- health, metadata, config -------------------------------------------------------------------

    @Test
    void healthAndMetadata() {
        assertThat(blocking.serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
                .isTrue();
        assertThat(blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
                .isTrue();
        for (String m : List.of("llm", "ensemble", "embedder")) {
            assertThat(blocking.modelReady(
                                    ModelReadyRequest.newBuilder().setName(m).build())
                            .getReady())
                    .isTrue();
        }
        assertThat(blocking.modelReady(ModelReadyRequest.newBuilder()
                                .setName("llm")
                                .setVersion("7")
                                .build())
                        .getReady())
                .isFalse();
        assertThat(blocking.serverMetadata(ServerMetadataRequest.getDefaultInstance())
                        .getName())
                .isEqualTo("triton-local");

        ModelMetadataResponse llm = blocking.modelMetadata(
                ModelMetadataRequest.newBuilder().setName("llm").build());
        assertThat(llm.getPlatform()).isEqualTo("vllm");
        assertThat(llm.getVersionsList()).containsExactly("1");
        assertThat(llm.getInputsList())
                .extracting(ModelMetadataResponse.TensorMetadata::getName)
                .contains("text_input", "stream", "sampling_parameters", "exclude_input_in_output");
        assertThat(llm.getInputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(llm.getInputs(0).getShapeList()).containsExactly(1L);
        assertThat(llm.getInputs(1).getDatatype()).isEqualTo("BOOL");

        ModelMetadataResponse emb = blocking.modelMetadata(
                ModelMetadataRequest.newBuilder().setName("embedder").build());
        assertThat(emb.getOutputs(0).getName()).isEqualTo("embedding");
        assertThat(emb.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(emb.getOutputs(0).getShapeList()).containsExactly(-1L, 384L);

        ModelMetadataResponse ens = blocking.modelMetadata(
                ModelMetadataRequest.newBuilder().setName("ensemble").build());
        assertThat(ens.getPlatform()).isEqualTo("ensemble");
        assertThat(ens.getInputsList())
                .filteredOn(t -> t.getName().equals("max_tokens"))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.getDatatype()).isEqualTo("INT32");
                    assertThat(t.getShapeList()).containsExactly(-1L, 1L);
                });
    }

    @Test
    void modelConfig() {
        ModelConfig llm = blocking.modelConfig(
                        ModelConfigRequest.newBuilder().setName("llm").build())
                .getConfig();
        assertThat(llm.getName()).isEqualTo("llm");
        assertThat(llm.getBackend()).isEqualTo("vllm");
        assertThat(llm.getMaxBatchSize()).isZero();
        assertThat(llm.getModelTransactionPolicy().getDecoupled()).isTrue();
        assertThat(llm.getInput(0).getName()).isEqualTo("text_input");
        assertThat(llm.getInput(0).getDataType()).isEqualTo(DataType.TYPE_STRING);
        assertThat(llm.getParametersMap().get("description").getStringValue())
                .contains("stand-in")
                .contains("not a real LLM");

        ModelConfig emb = blocking.modelConfig(
                        ModelConfigRequest.newBuilder().setName("embedder").build())
                .getConfig();
        assertThat(emb.getModelTransactionPolicy().getDecoupled()).isFalse();
        assertThat(emb.getOutput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(emb.getOutput(0).getDimsList()).containsExactly(-1L, 384L);

        ModelConfig ens = blocking.modelConfig(
                        ModelConfigRequest.newBuilder().setName("ensemble").build())
                .getConfig();
        assertThat(ens.getModelTransactionPolicy().getDecoupled()).isTrue();
        assertThat(ens.getMaxBatchSize()).isPositive();
    }

    @Test
    void httpHealthEndpoints() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String[] c : new String[][] {
            {"/v2/health/live", "200"},
            {"/v2/health/ready", "200"},
            {"/v2/models/llm/ready", "200"},
            {"/v2/models/embedder/versions/1/ready", "200"},
            {"/v2/models/nope/ready", "400"},
            {"/nothing", "404"}
        }) {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + c[0]))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
        }
    }

    // ---- the common client against the real server --------------------------------------------------

    @Test
    void tritonLlmClientWithBothConventions() throws Exception {
        for (InputConvention convention : InputConvention.values()) {
            String model = convention == InputConvention.VLLM ? "llm" : "ensemble";
            try (TritonLlmClient client = TritonLlmClient.connect(
                    "127.0.0.1",
                    server.port(),
                    new TritonLlmClient.Options(model, convention, Duration.ofSeconds(30), Duration.ofSeconds(2)))) {
                assertThat(client.serverReady()).isTrue();
                assertThat(client.modelReady()).isTrue();
                List<String> tokens = new ArrayList<>();
                LlmCall call = client.generate(LlmRequest.of(EIFFEL, 0.1, 200, 1.0), tokens::add);
                String text = call.completion().get(30, TimeUnit.SECONDS);
                assertThat(text.trim()).as(model).isEqualTo(expectedAnswer);
                assertThat(tokens).as(model).hasSize(expectedAnswer.split("\\s+").length);
                assertThat(String.join("", tokens)).isEqualTo(text);

                String limited = client.generate(LlmRequest.of(EIFFEL, 0.1, 4, 1.0), t -> {})
                        .completion()
                        .get(30, TimeUnit.SECONDS);
                assertThat(limited.trim().split("\\s+")).as(model).hasSize(4);
            }
        }
    }

    @Test
    void tritonLlmClientCancelStopsGeneration() throws Exception {
        try (TritonLocalServer slow = TritonLocalServer.start(
                        new TritonLocalServer.Settings(
                                "127.0.0.1", 0, -1, ExtractiveAnswerer.DEFAULT_THRESHOLD, Duration.ofMillis(200)),
                        miniLm);
                TritonLlmClient client = TritonLlmClient.connect(
                        "127.0.0.1",
                        slow.port(),
                        new TritonLlmClient.Options(
                                "llm", InputConvention.VLLM, Duration.ofSeconds(30), Duration.ofSeconds(2)))) {
            List<String> tokens = new CopyOnWriteArrayList<>();
            LlmCall call = client.generate(LlmRequest.of(EIFFEL), tokens::add);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tokens.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            call.cancel();
            int seen = tokens.size();
            Thread.sleep(600);
            assertThat(tokens).hasSize(seen);
            assertThat(call.completion()).isCompletedExceptionally();
        }
    }
}
