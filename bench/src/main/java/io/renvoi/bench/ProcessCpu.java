package io.renvoi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that the benchmark's servers have used so far, read from {@code /proc/PID/stat}
 * for processes named by their pid files ({@code name=path,name=path}). Shows where a run's CPU went.
 */
final class ProcessCpu {
    /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** CPU seconds used by each process since {@code before} was read, rounded to 0.01 s. */
    static Map<String, Double> since(Map<String, Double> before, String pidFiles) {
        Map<String, Double> used = new LinkedHashMap<>();
        seconds(pidFiles).forEach((name, cpu) -> used.put(name, Math.round((cpu - before.getOrDefault(name, 0.0)) * 100) / 100.0));
        return used;
    }

    static Map<String, Double> seconds(String pidFiles) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String entry : pidFiles.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 1) {
                continue;
            }
            try {
                String pid = Files.readString(Path.of(entry.substring(eq + 1))).trim();
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14, 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(entry.substring(0, eq), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                // A server that is not running has no figure.
            }
        }
        return cpu;
    }
}
