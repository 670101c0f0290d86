package io.renvoi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statistics over per-query figures (one array entry per query, in a fixed query order): the positions of a
 * {@link SciFactJudgments#split} half, the mean over a half, and the paired difference of two settings on the same
 * queries with its standard error. Reads and writes nothing.
 */
final class PerQueryFigures {
    private PerQueryFigures() {}

    /** The positions in {@code qids} of the queries of {@code split} ({@code all}, {@code tune}, {@code held-out}). */
    static int[] positions(List<String> qids, Map<String, String> queries, String split) {
        Set<String> half = SciFactJudgments.split(queries, split).keySet();
        List<Integer> at = new ArrayList<>();
        for (int q = 0; q < qids.size(); q++) if (half.contains(qids.get(q))) at.add(q);
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    static double mean(double[] perQuery, int[] at) {
        double sum = 0;
        for (int q : at) sum += perQuery[q];
        return sum / at.length;
    }

    /** Mean and standard error of the per-query difference {@code a - b} over the queries {@code at}. */
    static double[] pairedDelta(double[] a, double[] b, int[] at) {
        double sum = 0;
        double squares = 0;
        for (int q : at) {
            double d = a[q] - b[q];
            sum += d;
            squares += d * d;
        }
        int n = at.length;
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((squares - n * mean * mean) / (n - 1) / n)};
    }
}
