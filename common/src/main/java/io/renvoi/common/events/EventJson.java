package io.renvoi.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renvoi.common.json.JsonMapper;

/** Encodes and decodes the events carried on Kafka (JSON text, one shared mapper). */
public final class EventJson {
    private EventJson() {}

    public static String encode(Object event) {
        try {
            return JsonMapper.shared().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * @throws PoisonRecordException when the payload is not a valid event of that type; such records go to
     *     the dead-letter topic
     */
    public static <T> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new PoisonRecordException("empty " + type.getSimpleName() + " payload");
        }
        try {
            T value = JsonMapper.shared().readValue(json, type);
            if (value == null) {
                throw new PoisonRecordException("null " + type.getSimpleName() + " payload");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
