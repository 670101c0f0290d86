package io.renvoi.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Queries over rendered objects: by kind and name, pod templates and containers, label selectors. */
final class Objects {
    private Objects() {}

    static List<JsonNode> ofKind(List<JsonNode> all, String kind) {
        return all.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static Optional<JsonNode> named(List<JsonNode> all, String kind, String name) {
        return ofKind(all, kind).stream().filter(o -> name(o).equals(name)).findFirst();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + name(o);
    }

    /** Deployments and StatefulSets: the workloads whose pods this project defines. */
    static List<JsonNode> workloads(List<JsonNode> all) {
        List<JsonNode> w = new ArrayList<>(ofKind(all, "Deployment"));
        w.addAll(ofKind(all, "StatefulSet"));
        return w;
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> c = new ArrayList<>(list(podSpec(workload).path("containers")));
        c.addAll(list(podSpec(workload).path("initContainers")));
        return c;
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static Map<String, String> labels(JsonNode labelsNode) {
        Map<String, String> m = new HashMap<>();
        labelsNode.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static Map<String, String> templateLabels(JsonNode workload) {
        return labels(workload.path("spec").path("template").path("metadata").path("labels"));
    }

    /** Whether a LabelSelector (matchLabels and matchExpressions) selects {@code labels}; an empty one selects all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) selector.path("matchLabels")::fields) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) return false;
        }
        for (JsonNode x : list(selector.path("matchExpressions"))) {
            String key = x.path("key").asText();
            List<String> values =
                    list(x.path("values")).stream().map(JsonNode::asText).toList();
            boolean ok = switch (x.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("operator " + x.path("operator"));
            };
            if (!ok) return false;
        }
        return true;
    }

    /** A Service's plain selector (a map of labels) as a LabelSelector node's matchLabels. */
    static boolean selectsByMap(JsonNode selectorMap, Map<String, String> labels) {
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) selectorMap::fields) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) return false;
        }
        return true;
    }

    /** The renvoi-config ConfigMap's data (its name carries kustomize's hash suffix). */
    static Map<String, String> renvoiConfig(List<JsonNode> all) {
        return ofKind(all, "ConfigMap").stream()
                .filter(c -> name(c).startsWith("renvoi-config"))
                .findFirst()
                .map(c -> labels(c.path("data")))
                .orElseThrow(() -> new AssertionError("no renvoi-config ConfigMap"));
    }
}
