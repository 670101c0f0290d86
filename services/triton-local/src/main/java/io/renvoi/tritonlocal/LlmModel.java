package io.renvoi.tritonlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.triton.proto.DataType;
import io.renvoi.triton.proto.ModelConfig;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelParameter;
import io.renvoi.triton.proto.ModelTransactionPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A decoupled text-generation model backed by {@link ExtractiveAnswerer}, in one of two conventions:
 * <ul>
 * <li>{@link Convention#VLLM} (model {@code llm}, backend vllm, max_batch_size 0): reads {@code text_input},
 * {@code stream}, {@code sampling_parameters} (JSON, string or numeric values), {@code exclude_input_in_output},
 * {@code return_finish_reason}, {@code return_num_input_tokens}, {@code return_num_output_tokens}; writes
 * {@code text_output} [1] (and the requested extras).</li>
 * <li>{@link Convention#TENSORRT_LLM} (model {@code ensemble}, max_batch_size 64): reads {@code text_input}
 * [1,1], required {@code max_tokens} INT32, optional {@code stream}, {@code temperature}, {@code top_p},
 * {@code top_k} and other TensorRT-LLM sampling inputs (accepted, ignored); writes {@code text_output} [1,1].</li>
 * </ul>
 * A token is a whitespace-separated word; streamed pieces are " word" deltas, the last flagged final.
 */
final class LlmModel implements LocalModel {
    /** Which Triton LLM backend's conventions to follow. */
    enum Convention {
        VLLM,
        TENSORRT_LLM
    }

    /** vLLM's SamplingParams default when the request sets no max_tokens. */
    static final int VLLM_DEFAULT_MAX_TOKENS = 16;

    static final String DESCRIPTION = "triton-local stand-in: extractive answerer, not a real LLM";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Convention convention;
    private final ExtractiveAnswerer answerer;
    private volatile Duration tokenDelay;
    private final ModelConfig config;

    LlmModel(String name, Convention convention, ExtractiveAnswerer answerer, Duration tokenDelay) {
        this.convention = convention;
        this.answerer = answerer;
        this.tokenDelay = tokenDelay;
        this.config = convention == Convention.VLLM ? vllmConfig(name) : ensembleConfig(name);
    }

    private static ModelConfig vllmConfig(String name) {
        return ModelConfig.newBuilder()
                .setName(name)
                .setBackend("vllm")
                .setMaxBatchSize(0)
                .addInput(ModelSchema.input("text_input", DataType.TYPE_STRING, false, 1))
                .addInput(ModelSchema.input("stream", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("sampling_parameters", DataType.TYPE_STRING, true, 1))
                .addInput(ModelSchema.input("exclude_input_in_output", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("return_finish_reason", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("return_num_input_tokens", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("return_num_output_tokens", DataType.TYPE_BOOL, true, 1))
                .addOutput(ModelSchema.output("text_output", DataType.TYPE_STRING, -1))
                .addOutput(ModelSchema.output("finish_reason", DataType.TYPE_STRING, -1))
                .addOutput(ModelSchema.output("num_input_tokens", DataType.TYPE_UINT32, 1))
                .addOutput(ModelSchema.output("num_output_tokens", DataType.TYPE_UINT32, 1))
                .putParameters(
                        "description",
                        ModelParameter.newBuilder().setStringValue(DESCRIPTION).build())
                .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(true))
                .build();
    }

    private static ModelConfig ensembleConfig(String name) {
        return ModelConfig.newBuilder()
                .setName(name)
                .setPlatform("ensemble")
                .setMaxBatchSize(64)
                .addInput(ModelSchema.input("text_input", DataType.TYPE_STRING, false, 1))
                .addInput(ModelSchema.input("max_tokens", DataType.TYPE_INT32, false, 1))
                .addInput(ModelSchema.input("stream", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("temperature", DataType.TYPE_FP32, true, 1))
                .addInput(ModelSchema.input("top_p", DataType.TYPE_FP32, true, 1))
                .addInput(ModelSchema.input("top_k", DataType.TYPE_INT32, true, 1))
                .addInput(ModelSchema.input("exclude_input_in_output", DataType.TYPE_BOOL, true, 1))
                .addInput(ModelSchema.input("stop_words", DataType.TYPE_STRING, true, -1))
                .addInput(ModelSchema.input("bad_words", DataType.TYPE_STRING, true, -1))
                .addInput(ModelSchema.input("end_id", DataType.TYPE_INT32, true, 1))
                .addInput(ModelSchema.input("pad_id", DataType.TYPE_INT32, true, 1))
                .addInput(ModelSchema.input("repetition_penalty", DataType.TYPE_FP32, true, 1))
                .addInput(ModelSchema.input("presence_penalty", DataType.TYPE_FP32, true, 1))
                .addInput(ModelSchema.input("frequency_penalty", DataType.TYPE_FP32, true, 1))
                .addInput(ModelSchema.input("random_seed", DataType.TYPE_UINT64, true, 1))
                .addOutput(ModelSchema.output("text_output", DataType.TYPE_STRING, -1))
                .putParameters(
                        "description",
                        ModelParameter.newBuilder()
                                .setStringValue(DESCRIPTION + " (TensorRT-LLM ensemble conventions)")
                                .build())
                .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(true))
                .build();
    }

    /** Changes the pause between streamed tokens (tests slow a stream down to cancel it midway). */
    void tokenDelay(Duration delay) {
        this.tokenDelay = delay;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** What one request asks for, read from its tensors. */
    private record Ask(
            String prompt,
            boolean stream,
            boolean prepend,
            int maxTokens,
            boolean finishReason,
            boolean numInput,
            boolean numOutput) {}

    @Override
    public void execute(ModelInferRequest request, Responder responder) {
        Ask ask = convention == Convention.VLLM ? readVllm(request) : readEnsemble(request);
        List<String> words = Arrays.asList(answerer.answer(ask.prompt()).trim().split("\\s+"));
        List<String> tokens = words.subList(0, Math.min(words.size(), ask.maxTokens()));
        String reason = tokens.size() < words.size() ? "length" : "stop";
        int inputTokens = ask.prompt().isBlank() ? 0 : ask.prompt().trim().split("\\s+").length;
        if (!ask.stream()) {
            StringBuilder text = new StringBuilder(ask.prepend() ? ask.prompt() : "");
            tokens.forEach(t -> text.append(' ').append(t));
            responder.send(response(request, ask, text.toString(), reason, inputTokens, tokens.size()), true);
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (responder.cancelled()) {
                return;
            }
            boolean last = i == tokens.size() - 1;
            responder.send(response(request, ask, " " + tokens.get(i), last ? reason : "None", inputTokens, 1), last);
            if (!last && !tokenDelay.isZero()) {
                try {
                    Thread.sleep(tokenDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ModelInferResponse response(
            ModelInferRequest request, Ask ask, String text, String reason, int inputTokens, int outputTokens) {
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder()
                .setModelName(config.getName())
                .setModelVersion(VERSION)
                .setId(request.getId());
        List<Long> shape = convention == Convention.VLLM ? List.of(1L) : List.of(1L, 1L);
        add(b, "text_output", TritonTensors.BYTES, shape, TritonTensors.encodeStrings(text));
        if (ask.finishReason()) {
            add(b, "finish_reason", TritonTensors.BYTES, shape, TritonTensors.encodeStrings(reason));
        }
        if (ask.numInput()) {
            add(b, "num_input_tokens", "UINT32", shape, TritonTensors.encodeInt32(inputTokens));
        }
        if (ask.numOutput()) {
            add(b, "num_output_tokens", "UINT32", shape, TritonTensors.encodeInt32(outputTokens));
        }
        return b.build();
    }

    private static void add(ModelInferResponse.Builder b, String name, String type, List<Long> shape, ByteString raw) {
        b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name)
                .setDatatype(type)
                .addAllShape(shape));
        b.addRawOutputContents(raw);
    }

    private static Ask readVllm(ModelInferRequest r) {
        String prompt = string(r, "text_input").orElse("");
        boolean stream = bool(r, "stream").orElse(false);
        Optional<Boolean> exclude = bool(r, "exclude_input_in_output");
        boolean prepend = exclude.map(e -> !e).orElse(!stream);
        if (prepend && stream) {
            throw backendError("When streaming, `exclude_input_in_output` = False is not allowed.");
        }
        int maxTokens = VLLM_DEFAULT_MAX_TOKENS;
        Optional<String> params = string(r, "sampling_parameters");
        if (params.isPresent() && !params.get().isBlank()) {
            try {
                JsonNode n = JSON.readTree(params.get());
                if (n == null || !n.isObject()) {
                    throw backendError("sampling_parameters must be a JSON object");
                }
                if (n.has("max_tokens")) {
                    maxTokens = Integer.parseInt(n.get("max_tokens").asText().trim());
                }
                if (n.has("temperature")) {
                    Double.parseDouble(n.get("temperature").asText().trim());
                }
                if (n.has("top_p")) {
                    Double.parseDouble(n.get("top_p").asText().trim());
                }
            } catch (java.io.IOException | NumberFormatException e) {
                throw backendError("invalid sampling_parameters: " + e.getMessage());
            }
            if (maxTokens < 1) {
                throw backendError("max_tokens must be at least 1, got " + maxTokens + ".");
            }
        }
        return new Ask(
                prompt,
                stream,
                prepend,
                maxTokens,
                bool(r, "return_finish_reason").orElse(false),
                bool(r, "return_num_input_tokens").orElse(false),
                bool(r, "return_num_output_tokens").orElse(false));
    }

    private static Ask readEnsemble(ModelInferRequest r) {
        String prompt = string(r, "text_input").orElse("");
        int[] max =
                TritonTensors.decodeInt32(TritonTensors.input(r, "max_tokens").orElseThrow());
        if (max.length != 1 || max[0] < 1) {
            throw TritonError.invalid(r.getId(), "max_tokens must hold one positive value");
        }
        return new Ask(prompt, bool(r, "stream").orElse(false), false, max[0], false, false, false);
    }

    /** A Python-backend exception as the vLLM backend reports it. */
    private static TritonError backendError(String message) {
        return new TritonError(Status.Code.INTERNAL, "Error generating stream: " + message);
    }

    private static Optional<String> string(ModelInferRequest r, String name) {
        return TritonTensors.input(r, name).map(raw -> {
            List<String> v = TritonTensors.decodeStrings(raw);
            return v.isEmpty() ? "" : v.get(0);
        });
    }

    private static Optional<Boolean> bool(ModelInferRequest r, String name) {
        return TritonTensors.input(r, name).map(raw -> {
            boolean[] v = TritonTensors.decodeBool(raw);
            return v.length > 0 && v[0];
        });
    }
}
