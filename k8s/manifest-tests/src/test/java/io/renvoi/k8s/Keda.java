package io.renvoi.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's keda.sh/v1alpha1 ScaledObject and TriggerAuthentication as records (fabric8 has no KEDA model): the
 * fields of KEDA 2.x's CRD schema that a ScaledObject of this project may use; read with unknown fields failing.
 * The kafka trigger's metadata keys are checked against the scaler's parameters ({@link #KAFKA_METADATA}).
 */
final class Keda {
    private Keda() {}

    /** The kafka scaler's metadata parameters (KEDA 2.12+), the ones that may appear in a trigger's metadata. */
    static final Set<String> KAFKA_METADATA = Set.of(
            "bootstrapServers",
            "bootstrapServersFromEnv",
            "consumerGroup",
            "consumerGroupFromEnv",
            "topic",
            "topicFromEnv",
            "partitionLimitation",
            "lagThreshold",
            "activationLagThreshold",
            "offsetResetPolicy",
            "allowIdleConsumers",
            "excludePersistentLag",
            "scaleToZeroOnInvalidOffset",
            "limitToPartitionsWithLag",
            "ensureEvenDistributionOfPartitions",
            "version",
            "sasl",
            "tls",
            "unsafeSsl");

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

    record ScaledObjectSpec(
            ScaleTargetRef scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            Fallback fallback,
            Advanced advanced,
            List<Trigger> triggers) {}

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {}

    record Fallback(Integer failureThreshold, Integer replicas) {}

    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig) {}

    record HpaConfig(String name, HorizontalPodAutoscalerBehavior behavior) {}

    record Trigger(
            String type,
            String name,
            Map<String, String> metadata,
            AuthenticationRef authenticationRef,
            String metricType,
            Boolean useCachedMetrics) {}

    record AuthenticationRef(String name, String kind) {}

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef, List<EnvRef> env) {}

    record SecretTargetRef(String parameter, String name, String key) {}

    record EnvRef(String parameter, String name, String containerName) {}
}
