package io.renvoi.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object of both overlays reads into the typed model of its API with no unknown field and no value of the
 * wrong type; and the validator itself refuses what it must (so a pass means something).
 */
class SchemaTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectMatchesTheSchemaOfItsApi(String overlay) {
        List<JsonNode> objects = Rendered.overlay(overlay);
        assertThat(objects).hasSizeGreaterThan(20);
        List<String> errors =
                objects.stream().flatMap(o -> TypedModels.errors(o).stream()).toList();
        assertThat(errors).as("schema errors in overlays/" + overlay).isEmpty();
    }

    @Test
    void theValidatorRefusesUnknownFieldsWrongTypesOldApiVersionsAndUnknownKinds() {
        assertThat(errors("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: c
                          image: x.invalid/c:1
                          readinessprobe: {}
                """)).singleElement().asString().contains("readinessprobe");
        assertThat(errors("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: "3"
                """)).singleElement().asString().contains("replicas");
        assertThat(errors("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: k}
                """)).singleElement().asString().contains("no typed model");
        assertThat(errors("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replicas: 3, retention: 7d}
                """)).singleElement().asString().contains("retention");
        // v1beta2's Kafka.spec.kafka.storage: the model class still has it, the v1 API does not
        assertThat(errors("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                    storage: {type: ephemeral}
                """)).singleElement().asString().contains("storage").contains("not in kafka.strimzi.io/v1");
        assertThat(errors(scaledObjectWith("maxReplicas: 3"))) // an unknown field
                .singleElement()
                .asString()
                .contains("maxReplicas");
        assertThat(errors(scaledObjectWith("maxReplicaCount: twelve"))) // a known field of the wrong type
                .singleElement()
                .asString()
                .contains("maxReplicaCount");
        assertThat(errors("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  ports:
                    - port: 80
                      targetPort: http
                """)).isEmpty();
    }

    /** A KEDA ScaledObject with {@code specLine} added to its spec. */
    private static String scaledObjectWith(String specLine) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {name: d}
                """ + "  " + specLine + "\n";
    }

    private static List<String> errors(String yaml) {
        return TypedModels.errors(Rendered.parse(yaml).get(0));
    }
}
