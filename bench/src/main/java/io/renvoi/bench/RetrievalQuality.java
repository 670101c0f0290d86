package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Vector-only retrieval quality of a chunk index over SciFact (BEIR queries and binary qrels): each query is
 * embedded, OpenSearch's kNN returns the nearest chunks, chunks are collapsed to their documents (first
 * occurrence wins) and the first 10 documents are scored with nDCG@10 and recall@10, averaged over queries.
 * Reads the queries and qrels files and the index (documents' urls end with their SciFact id).
 */
final class RetrievalQuality {
    private static final int CHUNKS = 50;
    private static final int AT = 10;

    private final Map<String, String> queries;
    private final Map<String, Set<String>> relevant;

    private RetrievalQuality(Map<String, String> queries, Map<String, Set<String>> relevant) {
        this.queries = queries;
        this.relevant = relevant;
    }

    /** Every document judged relevant to some query. */
    static Set<String> judgedDocuments(Path qrelsFile) throws IOException {
        Set<String> docs = new HashSet<>();
        List<String> lines = Files.readAllLines(qrelsFile);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3) docs.add(f[1]);
        }
        return docs;
    }

    static RetrievalQuality load(Path queriesFile, Path qrelsFile) throws IOException {
        Map<String, Set<String>> relevant = new HashMap<>();
        List<String> lines = Files.readAllLines(qrelsFile);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3 && Integer.parseInt(f[2].trim()) > 0) {
                relevant.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(queriesFile)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) continue;
                JsonNode n = JsonMapper.shared().readTree(line);
                if (relevant.containsKey(n.get("_id").asText())) {
                    queries.put(n.get("_id").asText(), n.get("text").asText());
                }
            }
        }
        return new RetrievalQuality(queries, relevant);
    }

    int queryCount() {
        return queries.size();
    }

    /** The queries' vectors, in the order {@link #evaluate} expects. */
    List<float[]> embedQueries(Embedder embedder) {
        return embedder.embed(new ArrayList<>(queries.values()));
    }

    /** nDCG@10 and recall@10 of kNN search on the index with the queries' vectors. */
    ObjectNode evaluate(RestClient os, String index, List<float[]> vectors) throws IOException {
        List<String> ids = new ArrayList<>(queries.keySet());
        // questions encoded as the index takes vectors (floats, or bytes with its recorded scale)
        VectorFormat format = VectorFormat.read(os, index);
        double ndcg = 0;
        double recall = 0;
        for (int q = 0; q < ids.size(); q++) {
            List<String> ranked = search(os, index, format.encode(vectors.get(q)));
            Set<String> rel = relevant.get(ids.get(q));
            double dcg = 0;
            int found = 0;
            for (int i = 0; i < ranked.size(); i++) {
                if (rel.contains(ranked.get(i))) {
                    dcg += 1 / log2(i + 2);
                    found++;
                }
            }
            double ideal = 0;
            for (int i = 0; i < Math.min(rel.size(), AT); i++) {
                ideal += 1 / log2(i + 2);
            }
            ndcg += dcg / ideal;
            recall += (double) found / rel.size();
        }
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("ndcgAt10", Math.round(ndcg / ids.size() * 10000) / 10000.0);
        out.put("recallAt10", Math.round(recall / ids.size() * 10000) / 10000.0);
        return out;
    }

    /** The first 10 distinct SciFact document ids among the nearest chunks. */
    private static List<String> search(RestClient os, String index, float[] vector) throws IOException {
        StringBuilder v = new StringBuilder();
        for (float f : vector) v.append(v.length() == 0 ? "" : ",").append(f);
        Request r = new Request("POST", "/" + index + "/_search");
        r.setEntity(new NStringEntity(
                "{\"size\":" + CHUNKS + ",\"_source\":[\"" + ChunkIndex.URL + "\"],\"query\":{\"knn\":{\""
                        + ChunkIndex.VECTOR + "\":{\"vector\":[" + v + "],\"k\":" + CHUNKS + "}}}}",
                ContentType.APPLICATION_JSON));
        Set<String> docs = new LinkedHashSet<>();
        for (JsonNode hit :
                SciFactChunks.json(os.performRequest(r)).path("hits").path("hits")) {
            String url = hit.path("_source").path(ChunkIndex.URL).asText();
            docs.add(url.substring(url.lastIndexOf('/') + 1));
            if (docs.size() == AT) break;
        }
        return new ArrayList<>(docs);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
