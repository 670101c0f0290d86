package io.renvoi.k8s;

import static io.renvoi.k8s.Objects.containers;
import static io.renvoi.k8s.Objects.id;
import static io.renvoi.k8s.Objects.list;
import static io.renvoi.k8s.Objects.name;
import static io.renvoi.k8s.Objects.named;
import static io.renvoi.k8s.Objects.ofKind;
import static io.renvoi.k8s.Objects.podSpec;
import static io.renvoi.k8s.Objects.selects;
import static io.renvoi.k8s.Objects.selectsByMap;
import static io.renvoi.k8s.Objects.templateLabels;
import static io.renvoi.k8s.Objects.workloads;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment's known pitfalls, on both rendered overlays: Strimzi API and Kafka version, broker anti-affinity,
 * selectors that select, replicas owned by one autoscaler, KEDA capped at the partitions and admitted by Kafka's
 * policy, image references, probes, Triton's entrypoint, service account tokens, egress ranges, index settings.
 */
class DefectsTest {
    /** Kafka versions of the Strimzi releases the README names (1.1 and 1.2): 4.2.x and 4.3.x. */
    static final Set<String> KAFKA_VERSIONS = Set.of("4.2.0", "4.2.1", "4.3.0", "4.3.1");

    static final Set<String> STRIMZI_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void strimziResourcesUseV1AndASupportedKafkaWithoutIgnoredAnnotations(String overlay) {
        List<JsonNode> all = Rendered.overlay(overlay);
        for (JsonNode o : all) {
            if (STRIMZI_KINDS.contains(o.path("kind").asText())) {
                assertThat(o.path("apiVersion").asText()).as(id(o)).isEqualTo("kafka.strimzi.io/v1");
            }
        }
        JsonNode kafka = named(all, "Kafka", "renvoi").orElseThrow();
        assertThat(kafka.path("spec").path("kafka").path("version").asText()).isIn(KAFKA_VERSIONS);
        assertThat(Objects.labels(kafka.path("metadata").path("annotations")))
                .doesNotContainKeys("strimzi.io/node-pools", "strimzi.io/kraft");
    }

    @Test
    void prodBrokerAntiAffinitySelectsTheBrokersOnlyAndKafkaIsRackAware() {
        List<JsonNode> all = Rendered.overlay("prod");
        JsonNode pool = named(all, "KafkaNodePool", "dual-role").orElseThrow();
        List<JsonNode> terms = list(pool.path("spec")
                .path("template")
                .path("pod")
                .path("affinity")
                .path("podAntiAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution"));
        assertThat(terms).isNotEmpty();
        // labels Strimzi puts on a broker of this pool, on the entity operator and on the Kafka Exporter
        Map<String, String> broker = Map.of(
                "strimzi.io/cluster", "renvoi",
                "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "renvoi-kafka",
                "strimzi.io/pool-name", "dual-role",
                "strimzi.io/broker-role", "true");
        Map<String, String> entityOperator = Map.of(
                "strimzi.io/cluster", "renvoi",
                "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "renvoi-entity-operator",
                "strimzi.io/component-type", "entity-operator");
        Map<String, String> exporter = Map.of(
                "strimzi.io/cluster", "renvoi",
                "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "renvoi-kafka-exporter");
        for (JsonNode t : terms) {
            assertThat(selects(t.path("labelSelector"), broker)).isTrue();
            assertThat(selects(t.path("labelSelector"), entityOperator))
                    .as("anti-affinity term also selects the entity operator")
                    .isFalse();
            assertThat(selects(t.path("labelSelector"), exporter)).isFalse();
        }
        JsonNode kafka = named(all, "Kafka", "renvoi").orElseThrow();
        assertThat(kafka.path("spec")
                        .path("kafka")
                        .path("rack")
                        .path("topologyKey")
                        .asText())
                .isEqualTo("topology.kubernetes.io/zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void selectorsSelectWhatTheyAreFor(String overlay) {
        List<JsonNode> all = Rendered.overlay(overlay);
        List<JsonNode> workloads = workloads(all);
        List<String> problems = new ArrayList<>();
        for (JsonNode w : workloads) {
            if (!selects(w.path("spec").path("selector"), templateLabels(w))) {
                problems.add(id(w) + ": selector does not select its own template");
            }
        }
        for (JsonNode s : ofKind(all, "Service")) {
            JsonNode sel = s.path("spec").path("selector");
            if (workloads.stream().noneMatch(w -> selectsByMap(sel, templateLabels(w)))) {
                problems.add(id(s) + ": selects no pod");
            }
        }
        for (JsonNode p : ofKind(all, "PodDisruptionBudget")) {
            if (workloads.stream().noneMatch(w -> selects(p.path("spec").path("selector"), templateLabels(w)))) {
                problems.add(id(p) + ": selects no pod");
            }
        }
        for (JsonNode m : ofKind(all, "PodMonitor")) {
            boolean strimzi = m.toString().contains("strimzi.io/cluster");
            if (!strimzi
                    && workloads.stream().noneMatch(w -> selects(m.path("spec").path("selector"), templateLabels(w)))) {
                problems.add(id(m) + ": selects no pod");
            }
        }
        for (JsonNode np : ofKind(all, "NetworkPolicy")) {
            if (workloads.stream().noneMatch(w -> selects(np.path("spec").path("podSelector"), templateLabels(w)))) {
                problems.add(id(np) + ": applies to no pod");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void replicasHaveOneOwnerAndKedaStaysWithinThePartitions(String overlay) {
        List<JsonNode> all = Rendered.overlay(overlay);
        Set<String> scaled = new HashSet<>();
        List<JsonNode> autoscalers = new ArrayList<>(ofKind(all, "HorizontalPodAutoscaler"));
        autoscalers.addAll(ofKind(all, "ScaledObject"));
        for (JsonNode a : autoscalers) {
            String target = a.path("spec").path("scaleTargetRef").path("name").asText();
            assertThat(named(all, "Deployment", target)).as(id(a) + " target").isPresent();
            assertThat(scaled.add(target)).as(target + " has two autoscalers").isTrue();
            assertThat(named(all, "Deployment", target)
                            .orElseThrow()
                            .path("spec")
                            .has("replicas"))
                    .as(target + " sets replicas although " + id(a) + " owns them")
                    .isFalse();
        }
        for (JsonNode w : ofKind(all, "Deployment")) {
            if (!scaled.contains(name(w))) {
                assertThat(w.path("spec").path("replicas").asInt()).as(id(w)).isPositive();
            }
        }
        JsonNode kafka = named(all, "Kafka", "renvoi").orElseThrow();
        List<JsonNode> listeners = list(kafka.path("spec").path("kafka").path("listeners"));
        for (JsonNode so : ofKind(all, "ScaledObject")) {
            for (JsonNode t : list(so.path("spec").path("triggers"))) {
                assertThat(t.path("type").asText()).isEqualTo("kafka");
                JsonNode md = t.path("metadata");
                assertThat(Objects.labels(md).keySet()).as(id(so)).isSubsetOf(Keda.KAFKA_METADATA);
                String topic = md.path("topic").asText();
                JsonNode kt = ofKind(all, "KafkaTopic").stream()
                        .filter(k -> k.path("spec").path("topicName").asText().equals(topic))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(id(so) + ": no KafkaTopic " + topic));
                assertThat(so.path("spec").path("maxReplicaCount").asInt())
                        .as(id(so) + " maxReplicaCount vs partitions of " + topic)
                        .isBetween(1, kt.path("spec").path("partitions").asInt());
                assertThat(so.path("spec").path("minReplicaCount").asInt())
                        .isLessThanOrEqualTo(
                                so.path("spec").path("maxReplicaCount").asInt());
                assertThat(md.path("allowIdleConsumers").asText("false")).isEqualTo("false");
                // KEDA runs in its own namespace: the bootstrap address is the Service's full name, on a listener port
                String bootstrap = md.path("bootstrapServers").asText();
                assertThat(bootstrap).startsWith("renvoi-kafka-bootstrap.renvoi.svc:");
                int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
                JsonNode listener = listeners.stream()
                        .filter(l -> l.path("port").asInt() == port)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(id(so) + ": no Kafka listener on " + port));
                assertThat(list(listener.path("networkPolicyPeers")))
                        .as("Kafka listener " + port + " admits KEDA's operator")
                        .anyMatch(p -> p.path("podSelector")
                                        .path("matchLabels")
                                        .path("app.kubernetes.io/name")
                                        .asText()
                                        .equals("keda-operator")
                                && p.has("namespaceSelector"));
                if (listener.path("authentication").has("type")) {
                    String auth = t.path("authenticationRef").path("name").asText();
                    JsonNode ta = named(all, "TriggerAuthentication", auth)
                            .orElseThrow(() -> new AssertionError(id(so) + ": no TriggerAuthentication " + auth));
                    assertThat(list(ta.path("spec").path("secretTargetRef")).stream()
                                    .map(r -> r.path("parameter").asText()))
                            .contains("sasl", "username", "password", "tls", "ca");
                    assertThat(named(all, "KafkaUser", "keda")).isPresent();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void imagesNameARegistryAndAVersion(String overlay) {
        for (JsonNode w : workloads(Rendered.overlay(overlay))) {
            for (JsonNode c : containers(w)) {
                String image = c.path("image").asText();
                String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
                String last = ref.substring(ref.lastIndexOf('/') + 1);
                assertThat(image.contains("@sha256:") || last.contains(":"))
                        .as(id(w) + " " + image + ": a tag or digest")
                        .isTrue();
                assertThat(image).as(id(w)).doesNotEndWith(":latest").doesNotStartWith("renvoi/");
                if (image.contains("/renvoi/")) {
                    assertThat(image)
                            .as(id(w) + ": Renvoi images come from the registry setting")
                            .startsWith("registry.invalid/renvoi/");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesOnDeclaredPortsAndTheServicesUseQuarkusHealth(String overlay) {
        for (JsonNode w : workloads(Rendered.overlay(overlay))) {
            boolean service = "service".equals(templateLabels(w).get("app.kubernetes.io/component"));
            for (JsonNode c : list(podSpec(w).path("containers"))) {
                Set<String> ports = new HashSet<>();
                list(c.path("ports")).forEach(p -> {
                    ports.add(p.path("name").asText());
                    ports.add(p.path("containerPort").asText());
                });
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    assertThat(c.has(probe)).as(id(w) + " " + probe).isTrue();
                }
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    JsonNode http = c.path(probe).path("httpGet");
                    if (!http.isMissingNode()) {
                        assertThat(ports)
                                .as(id(w) + " " + probe + " port")
                                .contains(http.path("port").asText());
                    }
                }
                if (service) {
                    assertThat(c.path("readinessProbe")
                                    .path("httpGet")
                                    .path("path")
                                    .asText())
                            .isEqualTo("/q/health/ready");
                    assertThat(c.path("livenessProbe")
                                    .path("httpGet")
                                    .path("path")
                                    .asText())
                            .isEqualTo("/q/health/live");
                    assertThat(c.path("startupProbe")
                                    .path("httpGet")
                                    .path("path")
                                    .asText())
                            .isEqualTo("/q/health/started");
                }
            }
        }
    }

    @Test
    void tritonRunsThroughTheImageEntrypoint() {
        JsonNode triton =
                named(Rendered.overlay("prod"), "Deployment", "triton").orElseThrow();
        JsonNode c = list(podSpec(triton).path("containers")).get(0);
        assertThat(c.has("command")).as("command skips the NVIDIA entrypoint").isFalse();
        assertThat(c.path("args").path(0).asText()).isEqualTo("tritonserver");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noPodGetsAServiceAccountToken(String overlay) {
        for (JsonNode w : workloads(Rendered.overlay(overlay))) {
            assertThat(podSpec(w).path("automountServiceAccountToken").asBoolean(true))
                    .as(id(w))
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void internetEgressExceptsPrivateAndEmbeddingRanges(String overlay) {
        int blocks = 0;
        for (JsonNode np : ofKind(Rendered.overlay(overlay), "NetworkPolicy")) {
            for (JsonNode rule : list(np.path("spec").path("egress"))) {
                for (JsonNode to : list(rule.path("to"))) {
                    JsonNode block = to.path("ipBlock");
                    List<String> except = list(block.path("except")).stream()
                            .map(JsonNode::asText)
                            .toList();
                    switch (block.path("cidr").asText()) {
                        case "0.0.0.0/0" -> {
                            blocks++;
                            assertThat(except)
                                    .as(id(np))
                                    .contains(
                                            "10.0.0.0/8",
                                            "172.16.0.0/12",
                                            "192.168.0.0/16",
                                            "169.254.0.0/16",
                                            "100.64.0.0/10",
                                            "127.0.0.0/8");
                        }
                        case "::/0" -> {
                            blocks++;
                            assertThat(except)
                                    .as(id(np))
                                    .contains(
                                            "fc00::/7",
                                            "fe80::/10",
                                            "::ffff:0:0/96",
                                            "64:ff9b::/96",
                                            "64:ff9b:1::/48",
                                            "2002::/16",
                                            "2001::/32");
                        }
                        case "" -> {}
                        default -> throw new AssertionError(id(np) + ": unexpected ipBlock " + block);
                    }
                }
            }
        }
        assertThat(blocks).isEqualTo(6); // ingest-service, query-service and link-checker: IPv4 and IPv6 each
    }

    @Test
    void indexesGetReplicasAndProdSpreadsTheChunks() {
        Map<String, String> dev = Objects.renvoiConfig(Rendered.overlay("dev"));
        assertThat(dev).containsEntry("RENVOI_INDEX_SHARDS", "1").containsEntry("RENVOI_INDEX_REPLICAS", "0-1");
        Map<String, String> prod = Objects.renvoiConfig(Rendered.overlay("prod"));
        assertThat(prod).containsEntry("RENVOI_INDEX_REPLICAS", "1").containsEntry("RENVOI_INDEX_CHUNKS_SHARDS", "3");
        assertThat(named(Rendered.overlay("prod"), "StatefulSet", "opensearch")
                        .orElseThrow()
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .as("one replica needs a second node")
                .isGreaterThan(1);
    }
}
