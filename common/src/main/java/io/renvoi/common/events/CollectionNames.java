package io.renvoi.common.events;

import java.util.regex.Pattern;

/** Collection names: lowercase letters, digits and dashes, 1 to 64 characters, starting with a letter or digit. */
public final class CollectionNames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private CollectionNames() {}

    /** Null when valid, else what is wrong with the name. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "collection is required";
        }
        if (!VALID.matcher(name).matches()) {
            return "collection must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit";
        }
        return null;
    }
}
