package io.renvoi.bench;

import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.index.ChunkIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * The pipeline pass of {@link EmbedIndexBenchmark}: the UPSERT events sent to {@code rag.documents} (the driver
 * standing in for ingest-service), timed until every chunk is searchable in rag-chunks, and embed-service's own
 * timers afterwards. Writes to Kafka; reads {@code rag.indexed}, the rag-chunks alias and embed-service's metrics.
 */
final class PipelineRun {
    private PipelineRun() {}

    /** embed-service's embedding and bulk timers and batch sizes (Prometheus text), to see where time went. */
    static String serviceMetrics(String baseUrl) {
        if (baseUrl == null) return "";
        try (RestClient c = RestClient.builder(HttpHost.create(baseUrl)).build()) {
            String text = new String(
                    c.performRequest(new Request("GET", "/q/metrics"))
                            .getEntity()
                            .getContent()
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("renvoi_embed_")
                        && (line.contains("_sum") || line.contains("_count") || line.contains("_max"))) {
                    out.append(line).append("; ");
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    /**
     * How the end of the pipeline is seen. {@code indexed}: a {@code rag.indexed} INDEXED event has arrived for
     * every document (embed-service publishes it once OpenSearch acknowledged the document's chunks), then one
     * {@code _refresh} and a {@code _count} confirm every chunk searchable; the clock stops after that count.
     * {@code count}: {@code _count} every 250 ms; those searches keep the shard from going search-idle, so
     * OpenSearch refreshes every second during the whole run, which an ingestion with nobody searching does not
     * cause. Sends every UPSERT and waits until all chunks are searchable; returns the elapsed seconds.
     */
    static double run(
            List<DocumentEvent> events, int chunks, String kafka, RestClient os, String completion, String collection)
            throws Exception {
        Properties p = BenchKafka.producer(kafka);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        Properties c = BenchKafka.consumer(kafka);
        c.put("enable.auto.commit", "false");
        long start;
        // Encoded before the clock starts: the driver stands in for ingest-service, whose work is not measured,
        // and should take as little as possible of the cores the pipeline runs on.
        List<String> encoded = events.stream().map(EventJson::encode).toList();
        boolean byEvents = "indexed".equals(completion);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
                KafkaConsumer<String, String> indexed = new KafkaConsumer<>(c)) {
            producer.partitionsFor(Topics.DOCUMENTS); // connect (and create the topic) before the clock starts
            List<TopicPartition> partitions = producer.partitionsFor(Topics.INDEXED).stream() // creates it if missing
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            indexed.assign(partitions);
            indexed.seekToEnd(partitions);
            partitions.forEach(indexed::position); // resolve the end offsets now, before anything is indexed
            awaitConsumerAssignment(kafka);
            start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                producer.send(
                        new ProducerRecord<>(Topics.DOCUMENTS, events.get(i).docId(), encoded.get(i)));
            }
            producer.flush();
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            java.util.Set<String> done = new java.util.HashSet<>();
            while (System.nanoTime() < deadline) {
                if (byEvents) {
                    if (done.size() < events.size()) {
                        for (var r : indexed.poll(java.time.Duration.ofMillis(500))) {
                            IndexedEvent e = EventJson.decode(r.value(), IndexedEvent.class);
                            if (e.outcome() == IndexedEvent.Outcome.INDEXED) done.add(e.docId());
                        }
                        continue;
                    }
                    os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_refresh"));
                }
                if (count(os, collection) >= chunks) {
                    return (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("chunks not all searchable after 30 minutes");
    }

    /**
     * Waits until embed-service's consumer group owns rag.documents' partitions, so the clock measures the
     * pipeline, not the consumer's discovery of a topic that the benchmark has just created.
     */
    private static void awaitConsumerAssignment(String kafka) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of("renvoi-embed"))
                        .all()
                        .get()
                        .get("renvoi-embed");
                boolean assigned = group.members().stream()
                        .anyMatch(m -> m.assignment().topicPartitions().stream()
                                .anyMatch(tp -> tp.topic().equals(Topics.DOCUMENTS)));
                if (assigned) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("embed-service did not get rag.documents' partitions within 2 minutes");
        }
    }

    private static long count(RestClient os, String collection) throws IOException {
        Request r = new Request("POST", "/" + ChunkIndex.ALIAS + "/_count");
        r.setEntity(new NStringEntity(
                "{\"query\":{\"term\":{\"collection\":\"" + collection + "\"}}}", ContentType.APPLICATION_JSON));
        try {
            return SciFactChunks.json(os.performRequest(r)).path("count").asLong();
        } catch (org.opensearch.client.ResponseException e) {
            return 0; // the index is created with the first write
        }
    }
}
