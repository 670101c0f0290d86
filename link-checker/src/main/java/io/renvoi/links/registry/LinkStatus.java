package io.renvoi.links.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an entry stands (transitions in {@link EntryLifecycle}): checked normally; suspect (failing transiently,
 * a loss awaiting its confirming check, or moved and awaiting the new URL's indexing); held (an eviction the
 * mass-eviction guard keeps for an operator); or evicted (removed from the index).
 */
public enum LinkStatus {
    ACTIVE,
    SUSPECT,
    HELD,
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
