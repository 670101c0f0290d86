package io.renvoi.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a benchmark's {@code --name=value} arguments; anything else is ignored. */
final class BenchOptions {
    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return opts;
    }

    private BenchOptions() {}
}
