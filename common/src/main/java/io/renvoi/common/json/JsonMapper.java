package io.renvoi.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapper configuration of the platform: events on Kafka and API bodies share it. */
public final class JsonMapper {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private JsonMapper() {}

    /** Applies the platform's settings to a mapper (used for Quarkus's own mapper too). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A shared, thread-safe mapper for code that is not managed by CDI. */
    public static ObjectMapper shared() {
        return MAPPER;
    }
}
