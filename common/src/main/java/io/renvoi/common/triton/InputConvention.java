package io.renvoi.common.triton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferRequest.InferInputTensor;
import java.util.List;
import java.util.Locale;

/**
 * How an LLM served by Triton takes its inputs. Writes the input tensors (raw contents, as Triton clients
 * do) and the requested {@code text_output} into a {@code ModelInferRequest}.
 * <ul>
 * <li>{@link #VLLM}: the vLLM backend; {@code text_input} BYTES [1], {@code stream} BOOL [1],
 * {@code sampling_parameters} BYTES [1] (a JSON string), {@code exclude_input_in_output} BOOL [1].</li>
 * <li>{@link #TENSORRT_LLM}: the TensorRT-LLM {@code ensemble}; {@code text_input} BYTES [1,1],
 * {@code max_tokens} INT32 [1,1], {@code stream} BOOL [1,1], {@code temperature} FP32 [1,1],
 * {@code top_p} FP32 [1,1].</li>
 * </ul>
 */
public enum InputConvention {
    VLLM {
        @Override
        void addInputs(ModelInferRequest.Builder b, LlmRequest req, boolean stream) {
            List<Long> shape = List.of(1L);
            add(b, "text_input", TritonTensors.BYTES, shape, TritonTensors.encodeStrings(req.prompt()));
            add(b, "stream", TritonTensors.BOOL, shape, TritonTensors.encodeBool(stream));
            add(
                    b,
                    "sampling_parameters",
                    TritonTensors.BYTES,
                    shape,
                    TritonTensors.encodeStrings(samplingJson(req.sampling())));
            add(b, "exclude_input_in_output", TritonTensors.BOOL, shape, TritonTensors.encodeBool(true));
        }
    },
    TENSORRT_LLM {
        @Override
        void addInputs(ModelInferRequest.Builder b, LlmRequest req, boolean stream) {
            List<Long> shape = List.of(1L, 1L);
            SamplingParameters s = req.sampling();
            add(b, "text_input", TritonTensors.BYTES, shape, TritonTensors.encodeStrings(req.prompt()));
            add(b, "max_tokens", TritonTensors.INT32, shape, TritonTensors.encodeInt32(s.maxTokens()));
            add(b, "stream", TritonTensors.BOOL, shape, TritonTensors.encodeBool(stream));
            add(b, "temperature", TritonTensors.FP32, shape, TritonTensors.encodeFp32((float) s.temperature()));
            add(b, "top_p", TritonTensors.FP32, shape, TritonTensors.encodeFp32((float) s.topP()));
        }
    };

    /** The output both conventions produce. */
    public static final String TEXT_OUTPUT = "text_output";

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract void addInputs(ModelInferRequest.Builder b, LlmRequest req, boolean stream);

    /** Adds this convention's inputs and the requested {@code text_output} to the request builder. */
    public ModelInferRequest.Builder apply(ModelInferRequest.Builder b, LlmRequest req, boolean stream) {
        addInputs(b, req, stream);
        b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(TEXT_OUTPUT));
        return b;
    }

    /** Parses a config value: {@code vllm}, {@code tensorrt_llm} (also {@code tensorrt-llm}, {@code trtllm}). */
    public static InputConvention parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (v) {
            case "vllm":
                return VLLM;
            case "tensorrt_llm":
            case "trtllm":
            case "trt_llm":
                return TENSORRT_LLM;
            default:
                throw new IllegalArgumentException(
                        "unknown Triton input convention '" + value + "' (expected vllm or tensorrt_llm)");
        }
    }

    /** The vLLM backend's sampling_parameters JSON, values as strings like Triton's own examples. */
    static String samplingJson(SamplingParameters s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("temperature", Double.toString(s.temperature()));
        n.put("max_tokens", Integer.toString(s.maxTokens()));
        n.put("top_p", Double.toString(s.topP()));
        return n.toString();
    }

    private static void add(
            ModelInferRequest.Builder b, String name, String datatype, List<Long> shape, ByteString raw) {
        b.addInputs(InferInputTensor.newBuilder()
                .setName(name)
                .setDatatype(datatype)
                .addAllShape(shape));
        b.addRawInputContents(raw);
    }
}
