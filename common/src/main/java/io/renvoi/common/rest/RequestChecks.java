package io.renvoi.common.rest;

import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import java.util.function.Function;

/**
 * The checks every service's request validation is made of. Each returns the valid (or defaulted) value or throws
 * {@link BadRequestException}, which {@link ProblemMappers} answers as a 400 problem+json whose detail names the field
 * and what it accepts.
 */
public final class RequestChecks {
    private RequestChecks() {}

    /** The body, or a 400 showing the shape expected ({@code example}, a JSON sketch). */
    public static <T> T body(T body, String example) {
        if (body == null) throw new BadRequestException("request body is required: " + example);
        return body;
    }

    /** A valid collection name (see {@link CollectionNames}); {@code null} stays a 400 ("collection is required"). */
    public static String collection(String name) {
        String problem = CollectionNames.problem(name);
        if (problem != null) throw new BadRequestException(problem);
        return name;
    }

    /** The collection named, or {@code default} when none is. */
    public static String collectionOrDefault(String name) {
        return collection(name == null ? "default" : name);
    }

    /** Non-blank text of at most {@code maxChars}, stripped. */
    public static String text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) throw new BadRequestException(field + " is required");
        if (value.length() > maxChars) {
            throw new BadRequestException(field + " is longer than " + maxChars + " characters");
        }
        return value.strip();
    }

    /** {@code value} within [{@code min}, {@code max}], or {@code absent} when the field is not given. */
    public static int between(String field, Integer value, int min, int max, int absent) {
        if (value == null) return absent;
        if (value < min || value > max) {
            throw new BadRequestException(field + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

    /**
     * {@code value} parsed by {@code parse}; an {@link IllegalArgumentException} from it becomes a 400 "FIELD must be
     * ACCEPTED (got 'VALUE')".
     */
    public static <T> T parsed(String field, String value, Function<String, T> parse, String accepted) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + " must be " + accepted + " (got '" + value + "')");
        }
    }
}
