package io.renvoi.common.index;

import java.util.Arrays;
import java.util.List;

/**
 * Turns unit-length float vectors into the signed bytes of a {@code data_type: byte} {@code knn_vector} field:
 * every component multiplied by one {@link #scale()}, rounded, and clipped to [-127, 127] (symmetric, so a clipped component keeps its sign's bound). One scale for all
 * dimensions keeps directions (a per-dimension scale would re-weight the cosine), so documents and questions
 * quantized with the same scale compare by cosine as their floats do, within the rounding. The scale is
 * calibrated from a sample of vectors ({@link #calibrate}) and recorded in the index's {@code _meta}, where
 * every reader takes it from. Reads and writes nothing else.
 */
public record ByteQuantizer(float scale) {
    /** The share of sampled components that must fit without clipping (the rest are clipped to ±127). */
    public static final double DEFAULT_COVERAGE = 0.9999;

    public ByteQuantizer {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("byte scale must be a positive finite number: " + scale);
        }
    }

    /**
     * The scale that maps the {@code coverage} quantile of the sample's absolute component values to 127: the
     * largest scale that clips at most {@code 1 - coverage} of the components.
     */
    public static ByteQuantizer calibrate(List<float[]> sample, double coverage) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("an empty sample cannot calibrate a scale");
        }
        if (!(coverage > 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be within (0, 1]: " + coverage);
        }
        int n = sample.stream().mapToInt(v -> v.length).sum();
        float[] magnitudes = new float[n];
        int i = 0;
        for (float[] v : sample) {
            for (float x : v) {
                magnitudes[i++] = Math.abs(x);
            }
        }
        Arrays.sort(magnitudes);
        float bound = magnitudes[Math.min(n - 1, (int) Math.ceil(coverage * n) - 1)];
        if (!(bound > 0)) {
            throw new IllegalArgumentException("the sample's components are all zero");
        }
        return new ByteQuantizer(127f / bound);
    }

    /** The vector's byte values (as floats, which is how OpenSearch's JSON and kNN queries take them). */
    public float[] quantize(float[] vector) {
        float[] q = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            q[i] = Math.max(-127, Math.min(127, Math.round(vector[i] * scale)));
        }
        return q;
    }

    /** The share of the components of {@code vectors} that {@link #quantize} clips. */
    public double clippedShare(List<float[]> vectors) {
        long clipped = 0;
        long n = 0;
        for (float[] v : vectors) {
            for (float x : v) {
                n++;
                float s = Math.round(x * scale);
                if (s > 127 || s < -127) {
                    clipped++;
                }
            }
        }
        return n == 0 ? 0 : (double) clipped / n;
    }
}
