package io.renvoi.query;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configuration interfaces as plain objects for tests that build beans by hand (no Quarkus). */
public final class TestConfigs {
    private TestConfigs() {}

    /** A proxy answering each method from the map; a method not in it throws. */
    @SuppressWarnings("unchecked")
    public static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (!values.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
            }
            return values.get(m.getName());
        });
    }

    /** {@link QueryConfig} with its defaults, each overridable by method name (nested groups included). */
    public static QueryConfig query(Map<String, Object> overrides) {
        Map<String, Object> prompt = new HashMap<>(Map.of("format", "plain", "template", Optional.empty()));
        Map<String, Object> reRead = new HashMap<>(Map.of("threads", 16, "queue", 64));
        Map<String, Object> limits = new HashMap<>(
                Map.of("concurrentAnswers", 16, "concurrentStreams", 32, "retryAfter", Duration.ofSeconds(2)));
        Map<String, Object> top = new HashMap<>(Map.of(
                "defaultK",
                5,
                "maxK",
                50,
                "relevanceThreshold",
                Optional.empty(),
                "relevanceFloor",
                Optional.empty(),
                "resolveDeadline",
                Duration.ofSeconds(10),
                "promptBudgetChars",
                6000,
                "reingestInterval",
                Duration.ofHours(1)));
        overrides.forEach((k, v) -> {
            if (k.startsWith("prompt.")) prompt.put(k.substring(7), v);
            else if (k.startsWith("reRead.")) reRead.put(k.substring(7), v);
            else if (k.startsWith("limits.")) limits.put(k.substring(7), v);
            else top.put(k, v);
        });
        top.put("prompt", proxy(QueryConfig.Prompt.class, prompt));
        top.put("reRead", proxy(QueryConfig.ReRead.class, reRead));
        top.put("limits", proxy(QueryConfig.Limits.class, limits));
        return proxy(QueryConfig.class, top);
    }
}
