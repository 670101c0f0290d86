package io.renvoi.tritonlocal;

import io.renvoi.common.triton.TritonTensors;
import io.renvoi.triton.proto.DataType;
import io.renvoi.triton.proto.ModelConfig;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInput;
import io.renvoi.triton.proto.ModelMetadataResponse;
import io.renvoi.triton.proto.ModelOutput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a {@link ModelConfig} the way Triton does: config data types to wire datatypes (TYPE_STRING is
 * BYTES), ModelMetadata (a -1 batch dimension added when max_batch_size > 0), and request validation
 * (unexpected, mistyped and missing inputs; raw contents count) with Triton-style messages.
 */
final class ModelSchema {
    private ModelSchema() {}

    static String wireType(DataType t) {
        switch (t) {
            case TYPE_STRING:
                return TritonTensors.BYTES;
            case TYPE_BOOL:
                return TritonTensors.BOOL;
            default:
                return t.name().substring("TYPE_".length());
        }
    }

    static ModelInput input(String name, DataType type, boolean optional, long... dims) {
        ModelInput.Builder b =
                ModelInput.newBuilder().setName(name).setDataType(type).setOptional(optional);
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    static ModelOutput output(String name, DataType type, long... dims) {
        ModelOutput.Builder b = ModelOutput.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    static ModelMetadataResponse metadata(ModelConfig c) {
        String platform = c.getPlatform().isEmpty() ? c.getBackend() : c.getPlatform();
        ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder()
                .setName(c.getName())
                .addVersions(LocalModel.VERSION)
                .setPlatform(platform);
        boolean batched = c.getMaxBatchSize() > 0;
        for (ModelInput in : c.getInputList()) {
            b.addInputs(tensor(in.getName(), in.getDataType(), in.getDimsList(), batched));
        }
        for (ModelOutput out : c.getOutputList()) {
            b.addOutputs(tensor(out.getName(), out.getDataType(), out.getDimsList(), batched));
        }
        return b.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(
            String name, DataType type, List<Long> dims, boolean batched) {
        ModelMetadataResponse.TensorMetadata.Builder t =
                ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(wireType(type));
        if (batched) {
            t.addShape(-1);
        }
        return t.addAllShape(dims).build();
    }

    /** Checks the request's inputs and requested outputs against the config; throws {@link TritonError}. */
    static void validate(ModelConfig c, ModelInferRequest r) {
        Map<String, ModelInput> inputs =
                c.getInputList().stream().collect(Collectors.toMap(ModelInput::getName, Function.identity()));
        Set<String> given = new LinkedHashSet<>();
        for (ModelInferRequest.InferInputTensor t : r.getInputsList()) {
            ModelInput spec = inputs.get(t.getName());
            if (spec == null) {
                throw TritonError.invalid(
                        r.getId(), "unexpected inference input '" + t.getName() + "' for model '" + c.getName() + "'");
            }
            String expected = wireType(spec.getDataType());
            if (!expected.equals(t.getDatatype())) {
                throw TritonError.invalid(
                        r.getId(),
                        "inference input '" + t.getName() + "' data-type is '" + t.getDatatype() + "', but model '"
                                + c.getName() + "' expects '" + expected + "'");
            }
            given.add(t.getName());
        }
        List<String> missing = new ArrayList<>();
        for (ModelInput in : c.getInputList()) {
            if (!in.getOptional() && !given.contains(in.getName())) {
                missing.add("'" + in.getName() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw TritonError.invalid(
                    r.getId(),
                    "expected " + c.getInputCount() + " inputs but got "
                            + given.size() + " inputs for model '" + c.getName() + "'. Got input(s) "
                            + given.stream().map(n -> "'" + n + "'").collect(Collectors.toList())
                            + ", but missing required input(s) " + missing + ". Please provide all required input(s).");
        }
        if (r.getRawInputContentsCount() > 0 && r.getRawInputContentsCount() != r.getInputsCount()) {
            throw TritonError.invalid(
                    r.getId(),
                    "expected " + r.getInputsCount() + " raw_input_contents entries (one per input), got "
                            + r.getRawInputContentsCount());
        }
        Set<String> outputs =
                c.getOutputList().stream().map(ModelOutput::getName).collect(Collectors.toSet());
        for (ModelInferRequest.InferRequestedOutputTensor o : r.getOutputsList()) {
            if (!outputs.contains(o.getName())) {
                throw TritonError.invalid(
                        r.getId(), "unexpected inference output '" + o.getName() + "' for model '" + c.getName() + "'");
            }
        }
    }
}
