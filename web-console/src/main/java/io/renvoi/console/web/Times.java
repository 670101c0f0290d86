package io.renvoi.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them: UTC, to the second ("2026-12-07 01:43:11 UTC"); epoch millis in. */
public final class Times {
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String shown(long epochMillis) {
        return epochMillis <= 0 ? "" : SHOWN.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The machine-readable form, for {@code <time datetime>}. */
    public static String iso(long epochMillis) {
        return epochMillis <= 0 ? "" : Instant.ofEpochMilli(epochMillis).toString();
    }
}
