package io.renvoi.common.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.renvoi.triton.proto.InferTensorContents;
import io.renvoi.triton.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TritonTensorsTest {

    @Test
    void bytesElementsCarryLittleEndianLengthPrefixes() {
        ByteString raw = TritonTensors.encodeStrings("ab", "", "xyz");
        assertThat(raw.toByteArray()).containsExactly(2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 3, 0, 0, 0, 'x', 'y', 'z');
        assertThat(TritonTensors.decodeStrings(raw)).containsExactly("ab", "", "xyz");
    }

    @Test
    void utf8RoundTripUsesByteLengthsNotCharLengths() {
        List<String> texts = List.of("héllo wörld", "日本語のテキスト", "emoji 😀", "plain");
        ByteString raw = TritonTensors.encodeStrings(texts);
        assertThat(raw.toByteArray()[0]).isEqualTo((byte) "héllo wörld".getBytes(StandardCharsets.UTF_8).length);
        assertThat(TritonTensors.decodeStrings(raw)).containsExactlyElementsOf(texts);
    }

    @Test
    void lengthAbove255UsesSecondPrefixByte() {
        String big = "x".repeat(300);
        ByteString raw = TritonTensors.encodeStrings(big);
        assertThat(raw.byteAt(0)).isEqualTo((byte) 44);
        assertThat(raw.byteAt(1)).isEqualTo((byte) 1);
        assertThat(TritonTensors.decodeStrings(raw)).containsExactly(big);
    }

    @Test
    void truncatedBytesTensorIsRejected() {
        ByteString raw = TritonTensors.encodeStrings("hello");
        assertThatThrownBy(() -> TritonTensors.decodeBytes(raw.substring(0, raw.size() - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TritonTensors.decodeBytes(ByteString.copyFrom(new byte[] {1, 0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericAndBoolRoundTrips() {
        float[] f = {0f, -1.5f, 3.25f, Float.MIN_VALUE};
        assertThat(TritonTensors.decodeFp32(TritonTensors.encodeFp32(f))).containsExactly(f);
        assertThat(TritonTensors.encodeFp32(1.0f).toByteArray()).containsExactly(0, 0, (byte) 0x80, 0x3f);
        assertThat(TritonTensors.decodeInt32(TritonTensors.encodeInt32(1, -2, 512)))
                .containsExactly(1, -2, 512);
        assertThat(TritonTensors.encodeBool(true, false).toByteArray()).containsExactly(1, 0);
        assertThat(TritonTensors.decodeBool(TritonTensors.encodeBool(false, true)))
                .containsExactly(false, true);
    }

    @Test
    void outputPrefersRawContentsAndFallsBackToTypedContents() {
        ModelInferResponse raw = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("a")
                        .setDatatype("FP32"))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("b")
                        .setDatatype("BYTES"))
                .addRawOutputContents(TritonTensors.encodeFp32(1f, 2f))
                .addRawOutputContents(TritonTensors.encodeStrings("hi"))
                .build();
        assertThat(TritonTensors.decodeStrings(TritonTensors.output(raw, "b").orElseThrow()))
                .containsExactly("hi");
        assertThat(TritonTensors.decodeFp32(TritonTensors.output(raw, "a").orElseThrow()))
                .containsExactly(1f, 2f);
        assertThat(TritonTensors.output(raw, "c")).isEmpty();

        ModelInferResponse typed = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("b")
                        .setDatatype("BYTES")
                        .setContents(InferTensorContents.newBuilder()
                                .addBytesContents(ByteString.copyFromUtf8("x"))
                                .addBytesContents(ByteString.copyFromUtf8("yz"))))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("f")
                        .setDatatype("FP32")
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(0.5f)))
                .build();
        assertThat(TritonTensors.decodeStrings(TritonTensors.output(typed, "b").orElseThrow()))
                .containsExactly("x", "yz");
        assertThat(TritonTensors.decodeFp32(TritonTensors.output(typed, "f").orElseThrow()))
                .containsExactly(0.5f);
    }
}
