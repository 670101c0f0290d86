package io.renvoi.links;

import static org.awaitility.Awaitility.await;

import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.extract.HtmlExtractor;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.testing.KafkaWatch;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.registry.LinkEntry;
import io.renvoi.links.registry.LinkRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the link-checker tests share: a local site, a watch on the topics the checker writes, and the
 * registration of a page the way ingest and embed-service would (an UPSERT on rag.documents, then INDEXED
 * on rag.indexed).
 */
abstract class LinkFixture {
    static final String COLLECTION = "links-test";
    static LoopbackSite site;
    static KafkaWatch kafka;

    @Inject
    LinkRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        site = LoopbackSite.start();
        kafka = new KafkaWatch(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.DOCUMENTS, Topics.LINKS, Topics.INGEST_REQUESTS));
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        kafka.close();
    }

    /** A unique path for this test. */
    static String path(String name) {
        return "/" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".html";
    }

    static String docId(String path) {
        return docId(site, path);
    }

    static String docId(LoopbackSite on, String path) {
        return DocumentIds.docId(COLLECTION, UrlNormalizer.normalize(on.url(path)));
    }

    /** Serves {@code html} at {@code path}, publishes it as indexed by this build, and waits for its registry entry. */
    String register(String path, String html) {
        return register(path, html, Embedder.EMBEDDING_VERSION);
    }

    /** The same, its vectors reported as computed by {@code embeddingVersion}. */
    String register(String path, String html, String embeddingVersion) {
        return register(site, path, html, embeddingVersion);
    }

    /** The same on another site. */
    String register(LoopbackSite on, String path, String html, String embeddingVersion) {
        String docId = publishIndexed(on, path, html, embeddingVersion);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            LinkEntry e = entry(docId);
            return e != null && e.docSha256 != null && e.etag != null && embeddingVersion.equals(e.embeddingVersion);
        });
        return docId;
    }

    /** The pages {@link #registerPages} registered: their paths and document ids, in the same order. */
    record Pages(List<String> paths, List<String> ids) {}

    /**
     * Registers {@code count} pages on {@code on}, the i-th at a unique path named {@code name-i} serving
     * {@code html.apply(i)}, one after the other.
     */
    Pages registerPages(LoopbackSite on, String name, int count, IntFunction<String> html) {
        List<String> paths = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = path(name + "-" + i);
            paths.add(path);
            ids.add(register(on, path, html.apply(i), Embedder.EMBEDDING_VERSION));
        }
        return new Pages(paths, ids);
    }

    /**
     * Serves {@code html} at {@code path} and publishes what ingest and embed-service publish for it (its UPSERT on
     * rag.documents, then INDEXED on rag.indexed), without waiting for the registry.
     */
    static String publishIndexed(LoopbackSite on, String path, String html, String embeddingVersion) {
        on.page(path, html);
        String url = on.url(path);
        String docId = docId(on, path);
        ExtractedDocument doc = new HtmlExtractor().extract(html, url);
        List<ChunkRef> chunks = Chunker.forMiniLm().chunk(doc.text()).stream()
                .map((Chunk c) -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()))
                .toList();
        long epoch = System.currentTimeMillis();
        kafka.send(
                Topics.DOCUMENTS,
                docId,
                EventJson.encode(DocumentEvent.upsert(docId, url, COLLECTION)
                        .finalUrl(url)
                        .title(doc.title())
                        .contentType("text/html")
                        .validators(LoopbackSite.etagOf(html), null)
                        .extracted(Sha256.hex(doc.text()), doc.extractorVersion())
                        .epoch(epoch, epoch)
                        .chunks(chunks)
                        .build()));
        kafka.send(
                Topics.INDEXED,
                docId,
                EventJson.encode(new IndexedEvent(
                        docId,
                        url,
                        COLLECTION,
                        epoch,
                        chunks.size(),
                        IndexedEvent.Outcome.INDEXED,
                        null,
                        null,
                        embeddingVersion)));
        return docId;
    }

    /** How many DELETEs of {@code docId} the watch has seen on rag.documents. */
    long deletes(String docId) {
        return kafka.on(Topics.DOCUMENTS, docId).stream()
                .filter(r -> r.value().contains("\"DELETE\""))
                .count();
    }

    LinkEntry entry(String docId) {
        try {
            return registry.find(docId).orElse(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
