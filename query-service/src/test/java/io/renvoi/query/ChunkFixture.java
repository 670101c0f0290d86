package io.renvoi.query;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkDocument;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.LoopbackSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Writes chunk references into the test OpenSearch as embed-service does: {@code rag-chunks} created from common's
 * mapping when missing, each chunk's document built by {@link ChunkDocument} (the writer's own), its vector from the
 * real embedder encoded as the index declares, then a refresh so they are searchable. Two ways in: {@link #index} takes
 * a page's HTML and its paragraphs (offsets and hashes from the content extractor, as ingest computes them, so the
 * query path can re-read and verify them); {@link #doc} takes chunk texts only (offsets in their joined text), for
 * retrieval tests, written by {@link #write}.
 */
public final class ChunkFixture {
    private final RestClient client;
    private final Embedder embedder;
    private final List<DocumentEvent> pending = new ArrayList<>();

    /** What was indexed for one page. */
    public record Indexed(String docId, String url, String extractorVersion, List<ChunkRef> chunks) {}

    public ChunkFixture(RestClient client, Embedder embedder) {
        this.client = client;
        this.embedder = embedder;
        try {
            ChunkIndex.createIfMissing(client, VectorIndexOptions.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture on the OpenSearch at {@code openSearchUrl} (its client lives as long as the test JVM). */
    public ChunkFixture(String openSearchUrl, Embedder embedder) {
        this(RestClient.builder(HttpHost.create(openSearchUrl)).build(), embedder);
    }

    /** A fixture on the OpenSearch the Quarkus test runs against ({@code renvoi.opensearch.url}). */
    public static ChunkFixture onTestOpenSearch(Embedder embedder) {
        return new ChunkFixture(ConfigProvider.getConfig().getValue("renvoi.opensearch.url", String.class), embedder);
    }

    /**
     * Serves a page titled {@code title} of {@code paragraphs} at {@code path} of {@code site} and indexes its
     * paragraphs as the chunks of one document of {@code collection}.
     */
    public Indexed page(LoopbackSite site, String path, String collection, String title, List<String> paragraphs) {
        String html = LoopbackSite.html(title, paragraphs);
        site.page(path, html);
        return index(collection, site.url(path), title, html, paragraphs);
    }

    /** Indexes the paragraphs of {@code html} (served at {@code url}) as the chunks of one document, now. */
    public Indexed index(String collection, String url, String title, String html, List<String> paragraphs) {
        ContentExtractor.Extraction ex =
                new ContentExtractor().extract(html.getBytes(StandardCharsets.UTF_8), "text/html", "utf-8", url);
        if (!ex.ok()) {
            throw new IllegalStateException("cannot extract fixture page: " + ex.reason());
        }
        ExtractedDocument doc = ex.document();
        List<ChunkRef> chunks = new ArrayList<>();
        int from = 0;
        for (int ord = 0; ord < paragraphs.size(); ord++) {
            int start = doc.text().indexOf(paragraphs.get(ord), from);
            if (start < 0) {
                throw new IllegalStateException("paragraph not found in extracted text: " + doc.text());
            }
            from = start + paragraphs.get(ord).length();
            String text = doc.text().substring(start, from);
            chunks.add(new ChunkRef(ord, start, from, Sha256.hex(text), text));
        }
        String docId = DocumentIds.docId(collection, url);
        pending.add(DocumentEvent.upsert(docId, url, collection)
                .title(title)
                .extracted(null, doc.extractorVersion())
                .epoch(1, System.currentTimeMillis())
                .chunks(chunks)
                .build());
        write();
        return new Indexed(docId, url, doc.extractorVersion(), chunks);
    }

    /** One document of one chunk per text, indexed now; written by {@link #write}. */
    public ChunkFixture doc(String collection, String url, String title, String... chunkTexts) {
        return doc(collection, url, title, Instant.now(), chunkTexts);
    }

    /** One document of one chunk per text, fetched and indexed at {@code indexedAt}; written by {@link #write}. */
    public ChunkFixture doc(String collection, String url, String title, Instant indexedAt, String... chunkTexts) {
        List<ChunkRef> chunks = new ArrayList<>();
        int offset = 0;
        for (int ord = 0; ord < chunkTexts.length; ord++) {
            String text = chunkTexts[ord];
            chunks.add(new ChunkRef(ord, offset, offset + text.length(), Sha256.hex(text), text));
            offset += text.length() + 1;
        }
        pending.add(DocumentEvent.upsert(DocumentIds.docId(collection, url), url, collection)
                .title(title)
                .contentType("text/html")
                .extracted(Sha256.hex(String.join("\n", chunkTexts)), "html-2")
                .epoch(1, indexedAt.toEpochMilli())
                .chunks(chunks)
                .build());
        return this;
    }

    /** Embeds and bulk-writes every document added since the last call, then refreshes. */
    public void write() {
        List<String> texts = new ArrayList<>();
        pending.forEach(d -> d.chunks().forEach(c -> texts.add(c.text())));
        List<float[]> vectors = embedder.embedPassages(texts);
        try {
            VectorFormat format = VectorFormat.read(client, ChunkIndex.ALIAS); // as embed-service encodes them
            StringBuilder bulk = new StringBuilder();
            int i = 0;
            for (DocumentEvent doc : pending) {
                for (ChunkRef chunk : doc.chunks()) {
                    Map<String, Object> source = ChunkDocument.source(
                            doc,
                            chunk,
                            format.encode(vectors.get(i++)),
                            embedder.model().version(),
                            doc.fetchedAt());
                    String id = DocumentIds.chunkId(doc.docId(), chunk.ord());
                    bulk.append(JsonMapper.shared()
                                    .writeValueAsString(Map.of("index", Map.of("_index", ChunkIndex.ALIAS, "_id", id))))
                            .append('\n')
                            .append(JsonMapper.shared().writeValueAsString(source))
                            .append('\n');
                }
            }
            Request request = new Request("POST", "/_bulk");
            request.addParameter("refresh", "true");
            request.setEntity(new NStringEntity(bulk.toString(), ContentType.create("application/x-ndjson")));
            String response =
                    EntityUtils.toString(client.performRequest(request).getEntity());
            if (response.contains("\"errors\":true")) throw new IllegalStateException("bulk failed: " + response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.clear();
    }
}
