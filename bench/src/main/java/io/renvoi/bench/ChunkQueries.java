package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * query-service's candidate queries ({@code ChunkSearcher}) written out for the bench drivers that fetch the lists
 * themselves: the collection filter, kNN with the filter inside, BM25 on the chunk text and optionally the title,
 * and one {@code _msearch} returning each search's hits as (SciFact id, score). Reads OpenSearch; writes nothing.
 */
final class ChunkQueries {
    /** One search of an {@code _msearch}: the index, the query and the hits wanted. */
    record Search(String index, ObjectNode query, int size) {}

    private ChunkQueries() {}

    /** The collection filter of every search. */
    /**
     * A client on the bench's OpenSearch at {@code url} whose requests may take up to 30 minutes (a force-merge
     * rebuilds the HNSW graph in one request; a grid's searches on a loaded machine).
     */
    static RestClient client(String url) {
        return RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(c -> c.setSocketTimeout(30 * 60_000))
                .build();
    }

    static ObjectNode collectionFilter(String collection) {
        ObjectNode filter = JsonMapper.shared().createObjectNode();
        filter.putObject("terms").putArray(ChunkIndex.COLLECTION).add(collection);
        return filter;
    }

    /** kNN on the chunk vectors, {@code k} neighbours, the filter inside the kNN query. */
    static ObjectNode knn(float[] vector, int k, ObjectNode filter) {
        ObjectNode knn = JsonMapper.shared().createObjectNode();
        ObjectNode field = knn.putObject("knn").putObject(ChunkIndex.VECTOR);
        ArrayNode v = field.putArray("vector");
        for (float f : vector) v.add(f);
        field.put("k", k).set("filter", filter);
        return knn;
    }

    /**
     * BM25: the text, or the title (the question analysed as the text) at {@code titleBoost}; the text alone when
     * the boost is 0.
     */
    static ObjectNode bm25(String question, ObjectNode filter, double titleBoost) {
        ObjectNode query = JsonMapper.shared().createObjectNode();
        ObjectNode bool = query.putObject("bool");
        ObjectNode text = JsonMapper.shared().createObjectNode();
        text.putObject("match").putObject(ChunkIndex.TEXT).put("query", question);
        if (titleBoost > 0) {
            ArrayNode should = bool.putArray("should");
            should.add(text);
            should.addObject()
                    .putObject("match")
                    .putObject(ChunkIndex.TITLE)
                    .put("query", question)
                    .put("analyzer", ChunkIndex.TEXT_ANALYZER)
                    .put("boost", titleBoost);
            bool.put("minimum_should_match", "1");
        } else {
            bool.putArray("must").add(text);
        }
        bool.set("filter", filter);
        return query;
    }

    /** The searches in one {@code _msearch} (no total hit count, only the url fetched); their hits in order. */
    static List<List<LinearFusion.Scored>> msearch(RestClient os, List<Search> searches) throws IOException {
        StringBuilder body = new StringBuilder();
        for (Search s : searches) {
            ObjectNode search = JsonMapper.shared().createObjectNode();
            search.put("size", s.size()).put("track_total_hits", false).set("query", s.query());
            search.putArray("_source").add(ChunkIndex.URL);
            body.append("{\"index\":\"")
                    .append(s.index())
                    .append("\"}\n")
                    .append(search)
                    .append('\n');
        }
        Request r = new Request("POST", "/_msearch");
        r.setEntity(
                new NStringEntity(body.toString(), ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        List<List<LinearFusion.Scored>> lists = new ArrayList<>();
        for (JsonNode response : SciFactChunks.json(os.performRequest(r)).path("responses")) {
            if (response.has("error")) throw new IOException("search failed: " + response.get("error"));
            List<LinearFusion.Scored> hits = new ArrayList<>();
            for (JsonNode h : response.path("hits").path("hits")) {
                String url = h.path("_source").path(ChunkIndex.URL).asText();
                hits.add(new LinearFusion.Scored(
                        url.substring(url.lastIndexOf('/') + 1),
                        h.path("_score").asDouble()));
            }
            lists.add(hits);
        }
        return lists;
    }
}
