package io.renvoi.bench;

import java.util.Arrays;
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

    /**
     * The options of a driver run in phases ({@code PHASE --name=value...}): those after the phase {@code args[0]}.
     * Throws {@code usage} when there is no phase.
     */
    static Map<String, String> afterPhase(String[] args, String usage) {
        if (args.length == 0) throw new IllegalArgumentException(usage);
        return parse(Arrays.copyOfRange(args, 1, args.length));
    }

    /** A comma-separated list of integers ({@code "16,8"}). */
    static int[] ints(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    private Options() {}
}
