package io.renvoi.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.triton.proto.ModelInferRequest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * query-service configured for a TensorRT-LLM ensemble ({@code renvoi.triton.model=ensemble},
 * {@code convention=TENSORRT_LLM}) answers through triton-local's {@code ensemble} model, sending the
 * ensemble's tensors ({@code max_tokens} INT32 [1,1], {@code temperature} and {@code top_p} FP32 [1,1]).
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
@TestProfile(TensorRtLlmConventionTest.Ensemble.class)
class TensorRtLlmConventionTest {
    public static class Ensemble implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("renvoi.triton.model", "ensemble", "renvoi.triton.convention", "TENSORRT_LLM");
        }
    }

    @Inject
    Embedder embedder;

    @Test
    void answersThroughTheEnsembleWithItsTensors() throws Exception {
        try (SourceSite site = new SourceSite()) {
            List<String> paragraphs = List.of(AnswerPathTest.TUNNEL, AnswerPathTest.TUNNEL_LENGTH, AnswerPathTest.TUNNEL_TOLL);
            String html = SourceSite.html("Arlberg road tunnel", paragraphs);
            site.page("/trt", html);
            new ChunkFixture(ConfigProvider.getConfig().getValue("renvoi.opensearch.url", String.class), embedder)
                    .index("qa-trt", site.url("/trt"), "Arlberg road tunnel", html, paragraphs);
            String body = given().contentType(ContentType.JSON)
                    .body("{\"question\":\"" + AnswerPathTest.QUESTION + "\",\"collection\":\"qa-trt\",\"maxTokens\":40,\"temperature\":0.5}")
                    .post("/api/v1/query").then().statusCode(200).extract().asString();
            JsonNode answer = AnswerPathTest.JSON.readTree(body);
            assertThat(answer.get("answer").asText()).contains("13.97");
            assertThat(answer.get("citations")).isNotEmpty();

            List<ModelInferRequest> requests = TritonTestResource.server().streamRequests();
            ModelInferRequest last = requests.get(requests.size() - 1);
            assertThat(last.getModelName()).isEqualTo("ensemble");
            assertThat(TritonTensors.decodeInt32(TritonTensors.input(last, "max_tokens").orElseThrow())).containsExactly(40);
            assertThat(TritonTensors.decodeFp32(TritonTensors.input(last, "temperature").orElseThrow())).containsExactly(0.5f);
            assertThat(TritonTensors.decodeFp32(TritonTensors.input(last, "top_p").orElseThrow())).containsExactly(0.95f);
            assertThat(TritonTensors.input(last, "sampling_parameters")).isEmpty();
            ModelInferRequest.InferInputTensor text = last.getInputsList().stream()
                    .filter(t -> t.getName().equals("text_input")).findFirst().orElseThrow();
            assertThat(text.getShapeList()).containsExactly(1L, 1L);
        }
    }
}
