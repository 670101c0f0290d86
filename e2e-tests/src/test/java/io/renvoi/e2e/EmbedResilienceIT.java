package io.renvoi.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.Topics;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * embed-service under faults, as a real process on the test Kafka and OpenSearch: a kill -9 in the middle of
 * a stream and an OpenSearch outage lose nothing, duplicate nothing and send nothing to the dead-letter topic.
 */
class EmbedResilienceIT {
    private final String collection =
            "resilience-" + UUID.randomUUID().toString().substring(0, 8);
    private ServiceProcess embed;

    @AfterEach
    void stop() throws Exception {
        if (embed != null) embed.close();
    }

    @Test
    void killDashNineMidStreamLosesAndDuplicatesNothing() throws Exception {
        embed = startEmbed();
        List<DocumentEvent> docs = documents(1000);
        send(docs);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count() >= 150);
        embed.kill();
        long atCrash = count();
        assertThat(atCrash).isLessThan(1000);

        embed = startEmbed();
        // every document indexed once: a lost one never arrives (the wait times out), a duplicate shows as more.
        // (One CI run read 999 right after reading 1000 while the restarted service replayed its batch: a count
        // taken during a replayed write is not yet settled, so the wait is for both figures at once.)
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count() == 1000 && TestServers.distinctDocuments(collection) == 1000);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> count() <= 1000);
        assertThat(deadLettered(docs)).isEmpty();
    }

    @Test
    void openSearchDownForThirtySecondsPausesInsteadOfDeadLettering() throws Exception {
        assumeTrue(TestServers.openSearchControllable(), "OpenSearch was not started by ./renvoi test");
        embed = startEmbed();
        List<DocumentEvent> docs = documents(300);
        send(docs.subList(0, 100));
        await().atMost(Duration.ofSeconds(120)).until(() -> count() >= 100);

        TestServers.openSearch("down");
        try {
            send(docs.subList(100, 300));
            Thread.sleep(30_000);
            assertThat(embed.alive()).isTrue();
        } finally {
            TestServers.openSearch("up");
            TestServers.openSearch("wait");
        }
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count() >= 300);
        assertThat(count()).isEqualTo(300);
        assertThat(deadLettered(docs)).isEmpty();
    }

    @Test
    void replayingTheTopicFromTheBeginningLeavesTheSameIndex() throws Exception {
        embed = startEmbed();
        List<DocumentEvent> docs = documents(40);
        send(docs);
        List<DocumentEvent> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DocumentEvent d = docs.get(i);
            String text = "Revised document " + i + " about lighthouses.";
            List<ChunkRef> two = List.of(
                    new ChunkRef(0, 0, text.length(), Sha256.hex(text), text),
                    new ChunkRef(1, 0, text.length(), Sha256.hex(text), text));
            changes.add(DocumentEvent.upsert(d.docId(), d.url(), collection)
                    .title("T")
                    .contentType("text/html")
                    .extracted(Sha256.hex(text), "html-1")
                    .epoch(2L, 2L)
                    .chunks(two)
                    .build());
        }
        for (int i = 10; i < 15; i++) {
            changes.add(DocumentEvent.delete(docs.get(i).docId(), docs.get(i).url(), collection, "test", null));
        }
        send(changes);
        // one snapshot must show every change applied: 45 chunks, the 10 revised at epoch 2, none of the 5 deleted
        // (a count alone can pass while a revised document is between its old and new chunks)
        Set<String> deleted = new HashSet<>();
        for (int i = 10; i < 15; i++) {
            deleted.add(docs.get(i).docId());
        }
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            Map<String, Long> snap = snapshot();
            seen.set(snap);
            return snap.size() == 45
                    && snap.values().stream().filter(e -> e == 2L).count() == 20
                    && snap.keySet().stream().noneMatch(id -> deleted.contains(id.substring(0, id.lastIndexOf(':'))));
        });
        Map<String, Long> before = seen.get();

        String replayGroup = "replay-" + UUID.randomUUID();
        try (ServiceProcess replay = startEmbed(Map.of("mp.messaging.incoming.documents-in.group.id", replayGroup));
                Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.KAFKA))) {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> lag(admin, replayGroup) == 0);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Chunk id to epoch, for this test's collection. */
    private Map<String, Long> snapshot() {
        given().post(TestServers.OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_refresh");
        List<Map<String, Object>> hits = given().contentType("application/json")
                .body("{\"size\":1000,\"query\":{\"term\":{\"collection\":\"" + collection
                        + "\"}},\"_source\":[\"epoch\"]}")
                .post(TestServers.OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_search")
                .then()
                .statusCode(200)
                .extract()
                .path("hits.hits");
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map<String, Object> h : hits) {
            out.put((String) h.get("_id"), ((Number) ((Map<?, ?>) h.get("_source")).get("epoch")).longValue());
        }
        return out;
    }

    /** Records of rag.documents the group has not committed yet (-1 before it committed anything). */
    private static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        if (committed.isEmpty()) {
            return -1;
        }
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        admin.describeTopics(List.of(Topics.DOCUMENTS))
                .allTopicNames()
                .get()
                .get(Topics.DOCUMENTS)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.DOCUMENTS, p.partition()), OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private ServiceProcess startEmbed() throws Exception {
        return startEmbed(Map.of());
    }

    private ServiceProcess startEmbed(Map<String, String> extra) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", TestServers.KAFKA,
                "renvoi.opensearch.url", TestServers.OPENSEARCH));
        props.putAll(extra);
        ServiceProcess p = ServiceProcess.start("embed-service", props);
        p.awaitReady(Duration.ofSeconds(120));
        return p;
    }

    private List<DocumentEvent> documents(int n) {
        List<DocumentEvent> docs = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < n; i++) {
            String text = "Document " + i + " of run " + run + " is about keeping lighthouses lit.";
            String docId = run + "-" + i;
            docs.add(DocumentEvent.upsert(docId, "http://127.0.0.1/" + docId, collection)
                    .title("T")
                    .contentType("text/html")
                    .extracted(Sha256.hex(text), "html-1")
                    .epoch(1L, 1L)
                    .chunks(List.of(new ChunkRef(0, 0, text.length(), Sha256.hex(text), text)))
                    .build());
        }
        return docs;
    }

    private void send(List<DocumentEvent> docs) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestServers.KAFKA);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (DocumentEvent d : docs) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS, d.docId(), EventJson.encode(d)));
            }
            producer.flush();
        }
    }

    private long count() {
        try {
            given().post(TestServers.OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_refresh");
            Integer n = given().contentType("application/json")
                    .body("{\"query\":{\"term\":{\"collection\":\"" + collection + "\"}}}")
                    .post(TestServers.OPENSEARCH + "/" + ChunkIndex.ALIAS + "/_count")
                    .then()
                    .extract()
                    .path("count");
            return n == null ? 0 : n;
        } catch (RuntimeException unreachable) {
            return 0;
        }
    }

    /** Keys of these documents found on rag.documents.dlq. */
    private Set<String> deadLettered(List<DocumentEvent> docs) {
        Set<String> ours = new HashSet<>();
        docs.forEach(d -> ours.add(d.docId()));
        Properties p = new Properties();
        p.put("bootstrap.servers", TestServers.KAFKA);
        p.put("group.id", "resilience-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(Topics.deadLetter(Topics.DOCUMENTS)));
            long end = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < end) {
                c.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (ours.contains(r.key())) found.add(r.key());
                });
            }
        }
        return found;
    }
}
