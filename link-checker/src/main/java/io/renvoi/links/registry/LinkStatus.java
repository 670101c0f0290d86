package io.renvoi.links.registry;

import java.util.Locale;
import java.util.Optional;

/** Where an entry stands: checked normally, failing transiently, or removed from the index. */
public enum LinkStatus {
    ACTIVE,
    SUSPECT,
    EVICTED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LinkStatus> parse(String value) {
        for (LinkStatus s : values()) {
            if (s.value().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
