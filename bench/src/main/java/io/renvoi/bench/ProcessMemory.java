package io.renvoi.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, read from {@code /proc/PID/status} (KiB; 0 when the process is gone or unknown). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size now. */
    static long rss(long pid) {
        return status(pid, "VmRSS:");
    }

    /** Peak resident set size so far. */
    static long peak(long pid) {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception unknown) {
            // no such process
        }
        return 0;
    }
}
