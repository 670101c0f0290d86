package io.renvoi.links.config;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link LinkCheckerConfig} without Quarkus, for unit tests: every key has its {@code @WithDefault}, but those
 * given as overrides (method name, e.g. {@code confirmAfter}; nested ones as {@code massEviction.share}).
 */
public final class TestConfigs {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private TestConfigs() {}

    public static LinkCheckerConfig config(Map<String, Object> overrides) {
        return proxy(LinkCheckerConfig.class, "", overrides);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, String prefix, Map<String, Object> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    default -> self == args[0];
                };
            }
            String key = prefix + method.getName();
            if (overrides.containsKey(key)) {
                return overrides.get(key);
            }
            if (method.getReturnType().isInterface() && method.getReturnType() != Optional.class) {
                return proxy(method.getReturnType(), key + ".", overrides);
            }
            return defaultOf(method);
        });
    }

    private static Object defaultOf(Method method) {
        WithDefault d = method.getAnnotation(WithDefault.class);
        Class<?> t = method.getReturnType();
        if (d == null) {
            if (t == Optional.class) {
                return Optional.empty();
            }
            throw new IllegalStateException("no default for " + method.getName());
        }
        String v = d.value();
        if (t == int.class) return Integer.parseInt(v);
        if (t == long.class) return Long.parseLong(v);
        if (t == double.class) return Double.parseDouble(v);
        if (t == boolean.class) return Boolean.parseBoolean(v);
        if (t == String.class) return v;
        if (t == Duration.class) {
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) throw new IllegalStateException("duration " + v);
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw new IllegalStateException("type " + t + " of " + method.getName());
    }
}
