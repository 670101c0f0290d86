package io.renvoi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that the benchmark's servers have used so far, read from {@code /proc/PID/stat}
 * for processes named by their pid files ({@code name=path,name=path}), and the benchmark driver's own
 * ({@code bench-driver}). Also the whole machine's, from {@code /proc/stat}, summed over its cores:
 * {@code machine-busy}, {@code machine-idle} and {@code machine-steal} (time the hypervisor gave to other
 * guests). Shows where a run's CPU went, and what was left unused.
 */
final class ProcessCpu {
    /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** CPU seconds used by each process since {@code before} was read, rounded to 0.01 s. */
    static Map<String, Double> since(Map<String, Double> before, String pidFiles) {
        Map<String, Double> used = new LinkedHashMap<>();
        seconds(pidFiles)
                .forEach((name, cpu) ->
                        used.put(name, Math.round((cpu - before.getOrDefault(name, 0.0)) * 100) / 100.0));
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
                cpu.put(entry.substring(0, eq), processSeconds(Files.readString(Path.of("/proc", pid, "stat"))));
            } catch (IOException | RuntimeException e) {
                // A server that is not running has no figure.
            }
        }
        try {
            cpu.put("bench-driver", processSeconds(Files.readString(Path.of("/proc/self/stat"))));
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] t = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(t[i]);
            }
            cpu.put("machine-busy", busy / TICKS_PER_SECOND);
            cpu.put("machine-idle", (Long.parseLong(t[4]) + Long.parseLong(t[5])) / TICKS_PER_SECOND);
            cpu.put("machine-steal", Long.parseLong(t[8]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            // not Linux: no machine figures
        }
        return cpu;
    }

    private static double processSeconds(String stat) {
        // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14, 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
