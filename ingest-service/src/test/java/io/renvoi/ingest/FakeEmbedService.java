package io.renvoi.ingest;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.testing.KafkaWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Stands in for embed-service in ingest tests: reads rag.documents, writes chunk 0's reference fields to
 * rag-chunks (no vector) and answers INDEXED on rag.indexed; a DELETE removes that chunk. Keeps every UPSERT it saw.
 */
final class FakeEmbedService implements AutoCloseable {
    final List<DocumentEvent> upserts = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final RestClient openSearch;
    private final Thread thread;
    private volatile boolean running = true;
    /** The embedding version written with the chunks: the current one unless a test plays an older release. */
    volatile String embeddingVersion = Embedder.EMBEDDING_VERSION;
    /** When set, DELETEs are not applied: the chunks stay, as while the real service has yet to reach them. */
    volatile boolean deletesLag;

    FakeEmbedService(String bootstrap, RestClient openSearch) throws Exception {
        this.openSearch = openSearch;
        ensureChunkIndex();
        consumer = KafkaWatch.consumer(bootstrap, "latest", List.of(Topics.DOCUMENTS));
        while (consumer.assignment().isEmpty()) consumer.poll(Duration.ofMillis(200));
        producer = KafkaWatch.producer(bootstrap);
        thread = new Thread(this::run, "fake-embed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                DocumentEvent e = EventJson.decode(r.value(), DocumentEvent.class);
                if (e.type() == DocumentEvent.Type.DELETE) {
                    if (deletesLag) return;
                    try {
                        openSearch.performRequest(new Request(
                                "DELETE", "/" + ChunkIndex.ALIAS + "/_doc/" + DocumentIds.chunkId(e.docId(), 0)));
                    } catch (org.opensearch.client.ResponseException notThere) {
                        // never indexed here
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    return;
                }
                if (e.type() != DocumentEvent.Type.UPSERT) return;
                upserts.add(e);
                try {
                    Request put =
                            new Request("PUT", "/" + ChunkIndex.ALIAS + "/_doc/" + DocumentIds.chunkId(e.docId(), 0));
                    put.setJsonEntity(io.renvoi.common.json.JsonMapper.shared()
                            .writeValueAsString(Map.of(
                                    ChunkIndex.DOC_ID,
                                    e.docId(),
                                    ChunkIndex.DOC_SHA256,
                                    e.docSha256(),
                                    ChunkIndex.EXTRACTOR_VERSION,
                                    e.extractorVersion(),
                                    ChunkIndex.EMBEDDING_VERSION,
                                    embeddingVersion,
                                    ChunkIndex.EPOCH,
                                    e.epoch(),
                                    ChunkIndex.ORD,
                                    0,
                                    ChunkIndex.FETCHED_AT,
                                    e.fetchedAt())));
                    openSearch.performRequest(put);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                IndexedEvent done = new IndexedEvent(
                        e.docId(),
                        e.url(),
                        e.collection(),
                        e.epoch(),
                        e.chunks().size(),
                        IndexedEvent.Outcome.INDEXED,
                        e.jobId(),
                        null,
                        embeddingVersion);
                producer.send(new ProducerRecord<>(Topics.INDEXED, e.docId(), EventJson.encode(done)));
            });
        }
        consumer.close();
    }

    private void ensureChunkIndex() throws Exception {
        ChunkIndex.createIfMissing(openSearch, VectorIndexOptions.DEFAULTS);
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5000);
        producer.close();
    }
}
