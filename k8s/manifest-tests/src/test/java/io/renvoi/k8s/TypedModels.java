package io.renvoi.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rendered object into the typed model of its apiVersion and kind, strictly: a kind without a model, a
 * field the model does not have (fabric8 and Strimzi keep those in {@code additionalProperties}, which this walks
 * and requires empty), or a value of the wrong type (no coercion of scalars: {@code replicas: "3"} fails) is an
 * error, and so is a Strimzi property that the v1 API no longer has ({@link StrimziV1}). Returns the errors,
 * empty when the object is valid.
 */
final class TypedModels {
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private TypedModels() {}

    /** What is wrong with {@code object}, each as "Kind/name: path: problem"; empty when nothing is. */
    static List<String> errors(JsonNode object) {
        String key =
                object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String id = object.path("kind").asText() + "/"
                + object.path("metadata").path("name").asText();
        Class<?> model = MODELS.get(key);
        if (model == null) {
            return List.of(id + ": no typed model for " + key + " (an API version the cluster's CRDs do not serve?)");
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(object, model);
        } catch (JsonMappingException e) {
            StringBuilder at = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                at.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            return List.of(id + ": " + at + ": " + e.getOriginalMessage());
        } catch (Exception e) {
            return List.of(id + ": " + e);
        }
        List<String> errors = new ArrayList<>();
        unknownFields(typed, "", errors, new IdentityHashMap<>());
        errors.replaceAll(e -> id + ": " + e);
        return errors;
    }

    /** Walks the typed object and reports every non-empty additionalProperties (fields the model lacks). */
    private static void unknownFields(
            Object o, String path, List<String> errors, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) return;
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, errors, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) unknownFields(e, path + "[" + i++ + "]", errors, seen);
            return;
        }
        Class<?> type = o.getClass();
        String pkg = type.getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("io.renvoi"))
                || type.isEnum()) {
            return;
        }
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                unknownFields(invoke(rc.getAccessor(), o), path + "." + rc.getName(), errors, seen);
            }
            return;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) continue;
            String name = m.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(m, o);
                if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                    errors.add((path.isEmpty() ? "." : path) + ": unknown field(s) " + map.keySet());
                }
            } else if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
                Object v = invoke(m, o);
                String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                if (pkg.startsWith("io.strimzi")
                        && isSet(v)
                        && StrimziV1.absentInV1(type).contains(field)) {
                    errors.add(path + "." + field + ": not in kafka.strimzi.io/v1");
                }
                unknownFields(v, path + "." + field, errors, seen);
            }
        }
    }

    private static boolean isSet(Object v) {
        if (v == null) return false;
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
