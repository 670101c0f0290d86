package io.renvoi.query.retrieval;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Writes test chunks straight into rag-chunks (created from common's mapping when missing) with vectors
 * from the real embedder, as embed-service would, then refreshes so they are searchable.
 */
final class ChunkFixture {
    private final RestClient client;
    private final Embedder embedder;
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    ChunkFixture(RestClient client, Embedder embedder) throws IOException {
        this.client = client;
        this.embedder = embedder;
        ChunkIndex.createIfMissing(client, VectorIndexOptions.DEFAULTS);
    }

    /** One document of one chunk per text, indexed now. */
    ChunkFixture doc(String collection, String url, String title, String... chunkTexts) {
        return doc(collection, url, title, Instant.now(), chunkTexts);
    }

    ChunkFixture doc(String collection, String url, String title, Instant indexedAt, String... chunkTexts) {
        String docId = DocumentIds.docId(collection, url);
        int offset = 0;
        for (int ord = 0; ord < chunkTexts.length; ord++) {
            String text = chunkTexts[ord];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put(ChunkIndex.TEXT, text);
            s.put(ChunkIndex.DOC_ID, docId);
            s.put(ChunkIndex.COLLECTION, collection);
            s.put(ChunkIndex.URL, url);
            s.put(ChunkIndex.TITLE, title);
            s.put(ChunkIndex.ORD, ord);
            s.put(ChunkIndex.START, offset);
            s.put(ChunkIndex.END, offset + text.length());
            s.put(ChunkIndex.CHUNK_SHA256, Sha256.hex(text));
            s.put(ChunkIndex.DOC_SHA256, Sha256.hex(String.join("\n", chunkTexts)));
            s.put(ChunkIndex.EXTRACTOR_VERSION, "html-2");
            s.put(ChunkIndex.CONTENT_TYPE, "text/html");
            s.put(ChunkIndex.EPOCH, 1L);
            s.put(ChunkIndex.FETCHED_AT, indexedAt.toEpochMilli());
            s.put(ChunkIndex.INDEXED_AT, indexedAt.toEpochMilli());
            pending.add(s);
            texts.add(text);
            offset += text.length() + 1;
        }
        return this;
    }

    /** Embeds and bulk-writes everything added since the last call, then refreshes. */
    void write() throws IOException {
        List<float[]> vectors = embedder.embed(texts);
        VectorFormat format = VectorFormat.read(client, ChunkIndex.ALIAS); // as embed-service encodes them
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < pending.size(); i++) {
            Map<String, Object> s = pending.get(i);
            s.put(ChunkIndex.VECTOR, format.encode(vectors.get(i)));
            String id = DocumentIds.chunkId((String) s.get(ChunkIndex.DOC_ID), (Integer) s.get(ChunkIndex.ORD));
            bulk.append("{\"index\":{\"_index\":\"")
                    .append(ChunkIndex.ALIAS)
                    .append("\",\"_id\":\"")
                    .append(id)
                    .append("\"}}\n");
            bulk.append(JsonMapper.shared().writeValueAsString(s)).append('\n');
        }
        Request request = new Request("POST", "/_bulk");
        request.addParameter("refresh", "true");
        request.setEntity(new NStringEntity(bulk.toString(), ContentType.create("application/x-ndjson")));
        String response = EntityUtils.toString(client.performRequest(request).getEntity());
        if (response.contains("\"errors\":true")) throw new IllegalStateException("bulk failed: " + response);
        pending.clear();
        texts.clear();
    }
}
