package io.renvoi.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options of the bench drivers: {@code --name=value} pairs, {@code --flag} alone means true. */
final class Options {
    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) throw new IllegalArgumentException("expected --name=value, got " + a);
            int eq = a.indexOf('=');
            if (eq < 0) {
                opts.put(a.substring(2), "true");
            } else {
                opts.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        return opts;
    }

    /** A comma-separated list of integers ({@code "16,8"}). */
    static int[] ints(String list) {
        return java.util.Arrays.stream(list.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    private Options() {}
}
