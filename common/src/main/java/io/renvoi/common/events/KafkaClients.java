package io.renvoi.common.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings for the few plain Kafka clients of the platform (the API key follower and writer, the frontier's lag
 * reader): the service's own {@code kafka.*} configuration, as Quarkus gathers it in the
 * {@code @Identifier("default-kafka-broker")} map, so that they connect exactly like the messaging channels
 * (bootstrap servers, TLS, SASL).
 */
public final class KafkaClients {
    private KafkaClients() {}

    /** A copy of the client settings in {@code defaultBroker}, with {@code clientId}. */
    public static Map<String, Object> config(Map<String, Object> defaultBroker, String clientId) {
        Map<String, Object> props = new HashMap<>();
        defaultBroker.forEach((k, v) -> {
            // only what a Kafka client knows: the map also holds connector settings such as health-enabled
            if (k.contains(".") && !k.startsWith("health")) props.put(k, v);
        });
        props.put("client.id", clientId);
        return props;
    }
}
