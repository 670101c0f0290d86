package io.renvoi.common.triton;

import com.google.protobuf.ByteString;
import io.renvoi.triton.proto.InferTensorContents;
import io.renvoi.triton.proto.ModelInferRequest;
import io.renvoi.triton.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Triton tensor encodings. Writes and reads the raw byte form used in {@code raw_input_contents} /
 * {@code raw_output_contents}: BYTES elements as a 4-byte little-endian length followed by the bytes, numeric
 * and BOOL tensors as little-endian row-major values with no padding. Also turns typed
 * {@code InferTensorContents} into the same raw form, so callers handle one representation.
 */
public final class TritonTensors {
    public static final String BYTES = "BYTES";
    public static final String FP32 = "FP32";
    public static final String INT32 = "INT32";
    public static final String BOOL = "BOOL";

    private TritonTensors() {}

    /** BYTES tensor of UTF-8 strings. */
    public static ByteString encodeStrings(List<String> values) {
        List<byte[]> raw = new ArrayList<>(values.size());
        for (String v : values) {
            raw.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return encodeBytes(raw);
    }

    public static ByteString encodeStrings(String... values) {
        return encodeStrings(List.of(values));
    }

    /** BYTES tensor of arbitrary elements. */
    public static ByteString encodeBytes(List<byte[]> elements) {
        int size = 0;
        for (byte[] e : elements) {
            size += 4 + e.length;
        }
        ByteBuffer buf = littleEndian(size);
        for (byte[] e : elements) {
            buf.putInt(e.length);
            buf.put(e);
        }
        return ByteString.copyFrom(buf.array());
    }

    /** Splits a raw BYTES tensor into its elements; throws IllegalArgumentException on a bad length prefix. */
    public static List<byte[]> decodeBytes(ByteString raw) {
        ByteBuffer buf = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (buf.hasRemaining()) {
            if (buf.remaining() < 4) {
                throw new IllegalArgumentException("truncated BYTES tensor: " + buf.remaining() + " trailing bytes");
            }
            long len = Integer.toUnsignedLong(buf.getInt());
            if (len > buf.remaining()) {
                throw new IllegalArgumentException(
                        "BYTES element length " + len + " exceeds the " + buf.remaining() + " bytes left");
            }
            byte[] e = new byte[(int) len];
            buf.get(e);
            out.add(e);
        }
        return out;
    }

    /** Elements of a raw BYTES tensor decoded as UTF-8. */
    public static List<String> decodeStrings(ByteString raw) {
        List<byte[]> elements = decodeBytes(raw);
        List<String> out = new ArrayList<>(elements.size());
        for (byte[] e : elements) {
            out.add(new String(e, StandardCharsets.UTF_8));
        }
        return out;
    }

    public static ByteString encodeFp32(float... values) {
        ByteBuffer buf = littleEndian(values.length * Float.BYTES);
        buf.asFloatBuffer().put(values);
        return ByteString.copyFrom(buf.array());
    }

    public static float[] decodeFp32(ByteString raw) {
        float[] out = new float[elements(raw, Float.BYTES, FP32)];
        raw.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
        return out;
    }

    public static ByteString encodeInt32(int... values) {
        ByteBuffer buf = littleEndian(values.length * Integer.BYTES);
        buf.asIntBuffer().put(values);
        return ByteString.copyFrom(buf.array());
    }

    public static int[] decodeInt32(ByteString raw) {
        int[] out = new int[elements(raw, Integer.BYTES, INT32)];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** How many {@code width}-byte elements a raw {@code datatype} tensor holds; refuses a partial element. */
    private static int elements(ByteString raw, int width, String datatype) {
        if (raw.size() % width != 0) {
            throw new IllegalArgumentException(
                    datatype + " tensor of " + raw.size() + " bytes is not a multiple of " + width);
        }
        return raw.size() / width;
    }

    /** BOOL tensor: one byte per element, 1 or 0. */
    public static ByteString encodeBool(boolean... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (values[i] ? 1 : 0);
        }
        return ByteString.copyFrom(out);
    }

    public static boolean[] decodeBool(ByteString raw) {
        boolean[] out = new boolean[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.byteAt(i) != 0;
        }
        return out;
    }

    /** Number of elements a shape describes (1 for a scalar shape). */
    public static long elementCount(List<Long> shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The raw bytes of the named output of a response: its {@code raw_output_contents} entry (the form Triton
     * answers with), else its typed {@code contents} re-encoded in raw form. Empty when the output is absent.
     */
    public static Optional<ByteString> output(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor t = response.getOutputs(i);
            if (t.getName().equals(name)) {
                if (response.getRawOutputContentsCount() > 0) {
                    if (i >= response.getRawOutputContentsCount()) {
                        throw new IllegalArgumentException("output '" + name + "' has no raw_output_contents entry");
                    }
                    return Optional.of(response.getRawOutputContents(i));
                }
                return Optional.of(fromContents(t.getDatatype(), t.getContents()));
            }
        }
        return Optional.empty();
    }

    /** The raw bytes of the named input of a request: raw_input_contents entry, else typed contents. */
    public static Optional<ByteString> input(ModelInferRequest request, String name) {
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor t = request.getInputs(i);
            if (t.getName().equals(name)) {
                if (request.getRawInputContentsCount() > 0) {
                    if (i >= request.getRawInputContentsCount()) {
                        throw new IllegalArgumentException("input '" + name + "' has no raw_input_contents entry");
                    }
                    return Optional.of(request.getRawInputContents(i));
                }
                return Optional.of(fromContents(t.getDatatype(), t.getContents()));
            }
        }
        return Optional.empty();
    }

    /** Typed contents to the raw form of the given datatype (BYTES, BOOL, INT32, INT64, FP32, FP64). */
    public static ByteString fromContents(String datatype, InferTensorContents c) {
        switch (datatype) {
            case BYTES: {
                List<byte[]> els = new ArrayList<>(c.getBytesContentsCount());
                for (ByteString b : c.getBytesContentsList()) {
                    els.add(b.toByteArray());
                }
                return encodeBytes(els);
            }
            case BOOL: {
                boolean[] v = new boolean[c.getBoolContentsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = c.getBoolContents(i);
                }
                return encodeBool(v);
            }
            case INT32: {
                int[] v = new int[c.getIntContentsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = c.getIntContents(i);
                }
                return encodeInt32(v);
            }
            case FP32: {
                float[] v = new float[c.getFp32ContentsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = c.getFp32Contents(i);
                }
                return encodeFp32(v);
            }
            case "INT64": {
                ByteBuffer buf = littleEndian(c.getInt64ContentsCount() * Long.BYTES);
                c.getInt64ContentsList().forEach(buf::putLong);
                return ByteString.copyFrom(buf.array());
            }
            case "FP64": {
                ByteBuffer buf = littleEndian(c.getFp64ContentsCount() * Double.BYTES);
                c.getFp64ContentsList().forEach(buf::putDouble);
                return ByteString.copyFrom(buf.array());
            }
            default:
                throw new IllegalArgumentException("unsupported datatype for typed contents: " + datatype);
        }
    }
}
