package io.renvoi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every benchmark prints and records besides its figures: progress lines on stderr (stdout carries the JSON
 * result), figures rounded for the results, and the machine's load averages (other work on it skews absolute
 * rates, which is why the figures are ratios against a baseline run in the same script).
 */
final class BenchOut {
    private BenchOut() {}

    /** A progress line on stderr, prefixed {@code [bench]}. */
    static void log(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }

    /** {@code x} rounded to {@code digits} decimal places. */
    static double round(double x, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(x * scale) / scale;
    }

    /** The {@code p}th percentile of {@code values} (nearest rank). */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return avg[0] + " " + avg[1] + " " + avg[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
