package io.renvoi.query.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.triton.InputConvention;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.query.AnswerPathQuarkusTest;
import io.renvoi.query.TritonTestResource;
import io.renvoi.query.answer.PromptBuilder;
import io.renvoi.query.resolve.PassageStatus;
import io.renvoi.query.resolve.ResolvedPassage;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.triton.proto.ModelInferRequest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The gateway configured for a TensorRT-LLM ensemble ({@code renvoi.triton.model=ensemble},
 * {@code convention=TENSORRT_LLM}) generates through triton-local's {@code ensemble} model, sending the
 * ensemble's tensors ({@code text_input} BYTES [1,1], {@code max_tokens} INT32, {@code temperature} and
 * {@code top_p} FP32) and streaming its tokens. Runs in the shared test application (one triton-local per JVM:
 * its tokenizer's native library loads once), with a gateway built from that configuration.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
class TensorRtLlmConventionQuarkusTest {
    @Test
    void generatesThroughTheEnsembleWithItsTensors() {
        int port = ConfigProvider.getConfig().getValue("renvoi.triton.port", Integer.class);
        TritonConfig config = (TritonConfig) Proxy.newProxyInstance(
                TritonConfig.class.getClassLoader(),
                new Class<?>[] {TritonConfig.class},
                (p, m, args) -> Map.<String, Object>of(
                                "host",
                                "127.0.0.1",
                                "port",
                                port,
                                "model",
                                "ensemble",
                                "convention",
                                InputConvention.TENSORRT_LLM,
                                "timeout",
                                Duration.ofSeconds(60),
                                "temperature",
                                0.1,
                                "maxTokens",
                                512,
                                "topP",
                                0.95)
                        .get(m.getName()));
        TritonLlmGateway gateway = new TritonLlmGateway(config, new SimpleMeterRegistry());
        try {
            assertThat(gateway.ready()).isTrue();
            Hit hit = new Hit("d", "http://127.0.0.1/x", "Arlberg road tunnel", 0, 0, 10, 1, 0.9, "sha", "html-2");
            PromptBuilder.Prompt prompt = new PromptBuilder(6000)
                    .build(
                            AnswerPathQuarkusTest.QUESTION,
                            List.of(new ResolvedPassage(
                                    hit, PassageStatus.VERIFIED, AnswerPathQuarkusTest.TUNNEL_LENGTH)));
            List<String> tokens = new ArrayList<>();
            String answer = gateway.generate(
                    prompt.text(), new LlmGateway.GenerationOptions(0.5, 40, null), tokens::add, Cancellation.none());
            assertThat(answer).contains("13.97").contains("[1]");
            assertThat(tokens.size()).isGreaterThan(1);
            assertThat(String.join("", tokens)).isEqualTo(answer);

            List<ModelInferRequest> requests = TritonTestResource.server().streamRequests();
            ModelInferRequest last = requests.get(requests.size() - 1);
            assertThat(last.getModelName()).isEqualTo("ensemble");
            assertThat(TritonTensors.decodeInt32(
                            TritonTensors.input(last, "max_tokens").orElseThrow()))
                    .containsExactly(40);
            assertThat(TritonTensors.decodeFp32(
                            TritonTensors.input(last, "temperature").orElseThrow()))
                    .containsExactly(0.5f);
            assertThat(TritonTensors.decodeFp32(
                            TritonTensors.input(last, "top_p").orElseThrow()))
                    .containsExactly(0.95f);
            assertThat(TritonTensors.input(last, "sampling_parameters")).isEmpty();
            ModelInferRequest.InferInputTensor text = last.getInputsList().stream()
                    .filter(t -> t.getName().equals("text_input"))
                    .findFirst()
                    .orElseThrow();
            assertThat(text.getShapeList()).containsExactly(1L, 1L);
        } finally {
            gateway.close();
        }
    }
}
