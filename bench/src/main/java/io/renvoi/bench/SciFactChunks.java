package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.index.ChunkDocument;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.index.VectorIndexOptions;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

/**
 * SciFact's chunks as the pipeline makes and writes them, without the pipeline: the UPSERT events ingest-service
 * would send (page text chunked for MiniLM), the chunks bulk-written with their vectors and embed-service's
 * reference fields into an index, and an index's size after a force-merge. Writes and reads OpenSearch.
 */
final class SciFactChunks {
    private SciFactChunks() {}

    /** The same chunks, vectors and reference fields in an index created with the given mapping. */
    static void buildIndex(
            RestClient os, String index, String mapping, List<DocumentEvent> events, List<float[]> vectors)
            throws IOException {
        Request create = new Request("PUT", "/" + index);
        create.setEntity(new NStringEntity(mapping, ContentType.APPLICATION_JSON));
        os.performRequest(create);
        indexChunks(os, index, events, vectors);
    }

    /**
     * The UPSERT events of SciFact documents as ingest-service makes them (page text chunked for MiniLM), for
     * collection {@code collection}; each chunk's text is added to {@code texts} in order.
     */
    static List<DocumentEvent> documentEvents(List<SciFactCorpus.Doc> docs, String collection, List<String> texts) {
        return documentEvents(docs, collection, texts, Chunker.forMiniLm());
    }

    /** The same with another chunker (chunk size variants: {@code bench/retrieval-variants --chunks=...}). */
    static List<DocumentEvent> documentEvents(
            List<SciFactCorpus.Doc> docs, String collection, List<String> texts, Chunker chunker) {
        List<DocumentEvent> events = new ArrayList<>();
        for (SciFactCorpus.Doc d : docs) {
            String url = "http://127.0.0.1/scifact/" + d.id();
            String text = d.pageText();
            List<ChunkRef> chunks = new ArrayList<>();
            for (Chunk c : chunker.chunk(text)) {
                chunks.add(new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()));
                texts.add(c.text());
            }
            events.add(DocumentEvent.upsert(DocumentIds.docId(collection, url), url, collection)
                    .finalUrl(url)
                    .title(d.title())
                    .contentType("text/html")
                    .extracted(Sha256.hex(text), "html-1")
                    .epoch(1L, System.currentTimeMillis())
                    .chunks(chunks)
                    .build());
        }
        return events;
    }

    /**
     * The events' chunks, in order, each after its page's title on a line of its own unless it starts with the
     * title (a page's first chunk does): the "title context" variant measured in bench/README.md (it lowered
     * vector and hybrid nDCG@10 by about 0.01, so embed-service embeds the chunk alone).
     */
    static List<String> titledPassages(List<DocumentEvent> events) {
        List<String> texts = new ArrayList<>();
        for (DocumentEvent e : events) {
            for (ChunkRef c : e.chunks()) {
                texts.add(c.text().startsWith(e.title()) ? c.text() : e.title() + "\n" + c.text());
            }
        }
        return texts;
    }

    /** Bulk-writes the chunks of {@code events} with their {@code vectors} (in chunk order) and the reference fields. */
    static void indexChunks(RestClient os, String index, List<DocumentEvent> events, List<float[]> vectors)
            throws IOException {
        VectorFormat format = VectorFormat.read(os, index); // floats, or bytes with the index's recorded scale
        StringBuilder bulk = new StringBuilder();
        int i = 0;
        int inBulk = 0;
        for (DocumentEvent e : events) {
            for (ChunkRef c : e.chunks()) {
                // embed-service's own document (no embedding version: the benchmark's embedder is in-process)
                Map<String, Object> doc =
                        ChunkDocument.source(e, c, format.encode(vectors.get(i++)), null, e.fetchedAt());
                bulk.append("{\"index\":{\"_id\":\"")
                        .append(DocumentIds.chunkId(e.docId(), c.ord()))
                        .append("\"}}\n")
                        .append(JsonMapper.shared().writeValueAsString(doc))
                        .append('\n');
                if (++inBulk == 500) {
                    sendBulk(os, index, bulk);
                    inBulk = 0;
                }
            }
        }
        if (inBulk > 0) sendBulk(os, index, bulk);
    }

    private static void sendBulk(RestClient os, String index, StringBuilder bulk) throws IOException {
        Request r = new Request("POST", "/" + index + "/_bulk");
        r.setEntity(
                new NStringEntity(bulk.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        JsonNode response = json(os.performRequest(r));
        if (response.path("errors").asBoolean()) {
            throw new IllegalStateException(
                    "baseline bulk failed: " + response.toString().substring(0, 500));
        }
        bulk.setLength(0);
    }

    /**
     * Size in bytes of the index's segments after a flush and a force-merge to one segment. Read from the
     * segments API, not {@code _stats/store}: OpenSearch caches store sizes for up to 10 s
     * ({@code index.store.stats_refresh_interval}), which returned the size of the empty index right after a merge.
     */
    static long mergedSize(RestClient os, String index) throws IOException {
        os.performRequest(new Request("POST", "/" + index + "/_refresh"));
        os.performRequest(new Request("POST", "/" + index + "/_flush"));
        Request merge = new Request("POST", "/" + index + "/_forcemerge");
        merge.addParameter("max_num_segments", "1");
        os.performRequest(merge);
        os.performRequest(new Request("POST", "/" + index + "/_refresh")); // the searcher sees only the merged segment
        long bytes = 0;
        for (JsonNode physical : json(os.performRequest(new Request("GET", "/" + index + "/_segments")))
                .path("indices")) {
            for (JsonNode copies : physical.path("shards")) {
                for (JsonNode copy : copies) {
                    if (copy.path("routing").path("primary").asBoolean(true)) {
                        for (JsonNode segment : copy.path("segments")) {
                            bytes += segment.path("size_in_bytes").asLong();
                        }
                    }
                }
            }
        }
        return bytes;
    }

    static JsonNode json(Response response) throws IOException {
        return JsonMapper.shared().readTree(response.getEntity().getContent());
    }

    /** The reference mapping with text and vector kept in _source (the store-everything baseline). */
    static String storeEverythingMapping(VectorIndexOptions vectorOptions) throws IOException {
        ObjectNode mapping = (ObjectNode) JsonMapper.shared().readTree(ChunkIndex.mappingJson(vectorOptions));
        ((ObjectNode) mapping.get("mappings")).remove("_source");
        return mapping.toString();
    }
}
