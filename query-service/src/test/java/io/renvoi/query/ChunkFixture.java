package io.renvoi.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * Indexes chunk references in the test OpenSearch the way embed-service does (rag-chunks, vector from the
 * real embedder, text indexed but not stored): one chunk per paragraph of a page, offsets and sha256 taken
 * from the content extractor's text of that page.
 */
final class ChunkFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String openSearch;
    private final Embedder embedder;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The vector format of the index behind the alias, as embed-service would encode with. */
    private VectorFormat format = VectorFormat.FLOAT;

    /** What was indexed for one page. */
    record Indexed(String docId, String url, String extractorVersion, List<ChunkRef> chunks) {}

    ChunkFixture(String openSearch, Embedder embedder) {
        this.openSearch = openSearch;
        this.embedder = embedder;
        ensureIndex();
    }

    /** Indexes the paragraphs of {@code html} (served at {@code url}) as the chunks of one document. */
    Indexed index(String collection, String url, String title, String html, List<String> paragraphs) {
        ContentExtractor.Extraction ex =
                new ContentExtractor().extract(html.getBytes(StandardCharsets.UTF_8), "text/html", "utf-8", url);
        if (!ex.ok()) {
            throw new IllegalStateException("cannot extract fixture page: " + ex.reason());
        }
        ExtractedDocument doc = ex.document();
        String docId = DocumentIds.docId(collection, url);
        List<ChunkRef> chunks = new ArrayList<>();
        StringBuilder bulk = new StringBuilder();
        int from = 0;
        for (int ord = 0; ord < paragraphs.size(); ord++) {
            int start = doc.text().indexOf(paragraphs.get(ord), from);
            if (start < 0) {
                throw new IllegalStateException("paragraph not found in extracted text: " + doc.text());
            }
            int end = start + paragraphs.get(ord).length();
            from = end;
            String text = doc.text().substring(start, end);
            ChunkRef chunk = new ChunkRef(ord, start, end, Sha256.hex(text), text);
            chunks.add(chunk);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put(ChunkIndex.DOC_ID, docId);
            source.put(ChunkIndex.COLLECTION, collection);
            source.put(ChunkIndex.URL, url);
            source.put(ChunkIndex.TITLE, title);
            source.put(ChunkIndex.ORD, ord);
            source.put(ChunkIndex.START, start);
            source.put(ChunkIndex.END, end);
            source.put(ChunkIndex.CHUNK_SHA256, chunk.sha256());
            source.put(ChunkIndex.EXTRACTOR_VERSION, doc.extractorVersion());
            source.put(ChunkIndex.EPOCH, 1L);
            source.put(ChunkIndex.TEXT, text);
            source.put(ChunkIndex.VECTOR, format.encode(embedder.embed(text)));
            bulk.append(write(Map.of(
                            "index", Map.of("_index", ChunkIndex.ALIAS, "_id", DocumentIds.chunkId(docId, ord)))))
                    .append('\n')
                    .append(write(source))
                    .append('\n');
        }
        send("POST", "/_bulk?refresh=true", bulk.toString(), "application/x-ndjson");
        return new Indexed(docId, url, doc.extractorVersion(), chunks);
    }

    private void ensureIndex() {
        try (RestClient client = RestClient.builder(HttpHost.create(openSearch)).build()) {
            ChunkIndex.createIfMissing(client, VectorIndexOptions.DEFAULTS);
            format = VectorFormat.read(client, ChunkIndex.ALIAS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String type) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(openSearch + path));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            if (path.startsWith("/_bulk") && r.body().contains("\"errors\":true")) {
                throw new IllegalStateException("bulk failed: " + r.body());
            }
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
