package io.renvoi.tritonlocal;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.triton.TritonTensors;
import io.renvoi.triton.proto.DataType;
import io.renvoi.triton.proto.ModelConfig;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import io.renvoi.triton.proto.ModelParameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Model {@code embedder} (not decoupled): reads input {@code text} BYTES [-1] (raw_input_contents or
 * contents.bytes_contents), writes output {@code embedding} FP32 [n, 384] in raw_output_contents, using
 * the in-process embedding model (renvoi.embed.model).
 */
final class EmbedderModel implements LocalModel {
    static final String NAME = "embedder";

    private final Embedder embedder;
    private final ModelConfig config;

    EmbedderModel(Embedder embedder) {
        this.embedder = embedder;
        this.config = ModelConfig.newBuilder()
                .setName(NAME)
                .setBackend("python")
                .setMaxBatchSize(0)
                .addInput(ModelSchema.input("text", DataType.TYPE_STRING, false, -1))
                .addOutput(ModelSchema.output("embedding", DataType.TYPE_FP32, -1, embedder.dimensions()))
                .putParameters(
                        "description",
                        ModelParameter.newBuilder()
                                .setStringValue(
                                        "triton-local stand-in: the configured embedding model run in process (ONNX), unit-length vectors")
                                .build())
                .build();
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public void execute(ModelInferRequest request, Responder responder) {
        List<String> texts;
        try {
            texts = TritonTensors.decodeStrings(
                    TritonTensors.input(request, "text").orElseThrow());
        } catch (IllegalArgumentException e) {
            throw TritonError.invalid(request.getId(), "input 'text': " + e.getMessage());
        }
        List<float[]> vectors = embedder.embed(texts);
        int dims = embedder.dimensions();
        ByteBuffer buf = ByteBuffer.allocate(texts.size() * dims * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            for (float f : v) {
                buf.putFloat(f);
            }
        }
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .setModelName(NAME)
                .setModelVersion(VERSION)
                .setId(request.getId())
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("embedding")
                        .setDatatype(TritonTensors.FP32)
                        .addShape(texts.size())
                        .addShape(dims))
                .addRawOutputContents(com.google.protobuf.ByteString.copyFrom(buf.array()))
                .build();
        responder.send(response, true);
    }
}
