package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renvoi.common.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte quantization of unit vectors: rounding, clipping, calibration, and what it keeps of the cosine. */
class ByteQuantizerTest {
    @Test
    void roundsEachComponentTimesTheScaleAndClipsSymmetricallyToASignedByte() {
        ByteQuantizer q = new ByteQuantizer(100f);
        assertThat(q.quantize(new float[] {0.014f, -0.016f, 0.5f, 1.27f, 1.4f, -1.3f, -2f, 0f}))
                .containsExactly(1f, -2f, 50f, 127f, 127f, -127f, -127f, 0f);
    }

    @Test
    void calibrationMapsTheCoverageQuantileOfMagnitudesTo127() {
        List<float[]> sample = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            sample.add(new float[] {i / 1000f, -i / 1000f}); // magnitudes 0.001 .. 0.100, each twice
        }
        assertThat(ByteQuantizer.calibrate(sample, 1.0).scale()).isCloseTo(1270f, within(0.01f));
        // 0.99 of 200 magnitudes: the 198th smallest is 0.099; 2 of 200 components (the two 0.100) clip
        ByteQuantizer q = ByteQuantizer.calibrate(sample, 0.99);
        assertThat(q.scale()).isCloseTo(127f / 0.099f, within(0.01f));
        assertThat(q.clippedShare(sample)).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void badScalesAndSamplesAreRefused() {
        assertThatThrownBy(() -> new ByteQuantizer(0f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteQuantizer(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteQuantizer.calibrate(List.of(), 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteQuantizer.calibrate(List.<float[]>of(new float[] {0f, 0f}), 0.99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteQuantizer.calibrate(List.<float[]>of(new float[] {1f}), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calibratedBytesKeepTheCosineOfUnitVectorsToAFewThousandths() {
        Random random = new Random(16);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            vectors.add(unit(random, 384));
        }
        ByteQuantizer q = ByteQuantizer.calibrate(vectors.subList(0, 200), ByteQuantizer.DEFAULT_COVERAGE);
        double worst = 0;
        for (int i = 200; i < 399; i++) {
            double exact = Embedder.cosine(vectors.get(i), vectors.get(i + 1));
            double quantized = Embedder.cosine(q.quantize(vectors.get(i)), q.quantize(vectors.get(i + 1)));
            worst = Math.max(worst, Math.abs(exact - quantized));
        }
        assertThat(worst).isLessThan(0.01);
        // a quantized vector stays nearest to its own float vector among the others
        float[] probe = q.quantize(vectors.get(300));
        int nearest = 0;
        for (int i = 1; i < vectors.size(); i++) {
            if (Embedder.cosine(probe, vectors.get(i)) > Embedder.cosine(probe, vectors.get(nearest))) {
                nearest = i;
            }
        }
        assertThat(nearest).isEqualTo(300);
    }

    private static float[] unit(Random random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
