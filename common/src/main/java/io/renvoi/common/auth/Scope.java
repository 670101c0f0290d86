package io.renvoi.common.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an API key may do: {@code ingest} (submit and delete documents, read its jobs and links), {@code query}
 * (search and ask), {@code admin} (manage keys, the link-checker's admin endpoints, and every collection).
 */
public enum Scope {
    INGEST,
    QUERY,
    ADMIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a scope */
    @JsonCreator
    public static Scope parse(String name) {
        for (Scope s : values()) {
            if (s.wireName().equals(name)) return s;
        }
        throw new IllegalArgumentException(
                "unknown scope '" + (name == null ? "" : name.substring(0, Math.min(32, name.length())))
                        + "': use ingest, query or admin");
    }
}
