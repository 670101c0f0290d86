package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * A per-document BM25 index of SciFact for {@link DocumentBm25Fusion}: one entry per page with its url, collection,
 * title and whole text (the page text the chunker reads), analysed with rag-chunks' {@code chunk_text} analyzer
 * and index settings; the text is indexed and not stored ({@code _source} excludes it), as rag-chunks keeps chunk
 * text. Writes the index to OpenSearch (kept when it already holds every document), force-merged to one segment.
 */
final class DocumentIndex {
    private DocumentIndex() {}

    /** Builds {@code index} unless it holds {@code docs} already; returns its force-merged size in bytes. */
    static long ensure(RestClient os, String index, List<SciFactCorpus.Doc> docs, String collection)
            throws IOException {
        if (count(os, index) != docs.size()) {
            build(os, index, docs, collection);
        }
        return SciFactChunks.mergedSize(os, index);
    }

    private static long count(RestClient os, String index) throws IOException {
        try {
            return SciFactChunks.json(os.performRequest(new Request("GET", "/" + index + "/_count")))
                    .path("count")
                    .asLong();
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) return -1;
            throw e;
        }
    }

    private static void build(RestClient os, String index, List<SciFactCorpus.Doc> docs, String collection)
            throws IOException {
        try {
            os.performRequest(new Request("DELETE", "/" + index));
        } catch (ResponseException e) {
            // absent
        }
        ObjectNode chunks = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson());
        ObjectNode mapping = JsonMapper.shared().createObjectNode();
        ObjectNode settings = mapping.putObject("settings");
        ObjectNode indexSettings = settings.putObject("index");
        indexSettings.put("number_of_shards", 1).put("number_of_replicas", 0);
        settings.set("analysis", chunks.at("/settings/analysis"));
        ObjectNode mappings = mapping.putObject("mappings").put("dynamic", "strict");
        mappings.putObject("_source").putArray("excludes").add(ChunkIndex.TEXT);
        ObjectNode properties = mappings.putObject("properties");
        for (String field : List.of(ChunkIndex.TEXT, ChunkIndex.TITLE, ChunkIndex.URL, ChunkIndex.COLLECTION)) {
            properties.set(field, chunks.at("/mappings/properties/" + field));
        }
        Request create = new Request("PUT", "/" + index);
        create.setEntity(new NStringEntity(mapping.toString(), ContentType.APPLICATION_JSON));
        os.performRequest(create);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < docs.size(); i++) {
            SciFactCorpus.Doc d = docs.get(i);
            ObjectNode doc = JsonMapper.shared()
                    .createObjectNode()
                    .put(ChunkIndex.URL, "http://127.0.0.1/scifact/" + d.id())
                    .put(ChunkIndex.COLLECTION, collection)
                    .put(ChunkIndex.TITLE, d.title())
                    .put(ChunkIndex.TEXT, d.pageText());
            bulk.append("{\"index\":{}}\n").append(doc).append('\n');
            if ((i + 1) % 500 == 0 || i == docs.size() - 1) {
                Request r = new Request("POST", "/" + index + "/_bulk");
                r.setEntity(new NStringEntity(
                        bulk.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
                String response = EntityUtils.toString(os.performRequest(r).getEntity());
                if (response.contains("\"errors\":true"))
                    throw new IOException("bulk errors: " + response.substring(0, Math.min(2000, response.length())));
                bulk.setLength(0);
            }
        }
        os.performRequest(new Request("POST", "/" + index + "/_refresh"));
    }
}
