package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.VectorFormat;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * The latency pass of {@code SearchQualityBenchmark search}: hybrid {@code /api/v1/search} over HTTP against, in
 * the driver's process, the bare question embedding (the configured model) + a bare OpenSearch kNN query (k 10,
 * collection filter), interleaved query by query; p50 and p99 of both and their ratios. Reads query-service and
 * the rag-chunks alias.
 */
final class SearchLatency {
    private SearchLatency() {}

    /**
     * {@code rounds} passes over {@code texts}, after one untimed pass of both sides: query-service and the driver
     * each run the JIT over the same requests before anything is timed (a service in use is warm: query-service answered
     * a hybrid search in 23.6 ms p50 after about 900 searches, 14.8-16.3 ms after a few thousand). The figures as JSON.
     */
    static ObjectNode measure(RestClient os, String query, String collection, List<String> texts, int rounds)
            throws Exception {
        OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.configured());
        // the question encoded as the index takes vectors (floats, or bytes with its recorded scale)
        VectorFormat format = VectorFormat.read(os, ChunkIndex.ALIAS);
        for (String text : texts) { // warm-up of both sides, untimed
            ServiceHttp.searchDocIds(query, collection, text, "hybrid", null);
            knn(os, collection, format.encode(embedder.embedQuery(text)));
        }
        List<Double> search = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        List<Double> embed = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String text : texts) {
                long t0 = System.nanoTime();
                ServiceHttp.searchDocIds(query, collection, text, "hybrid", null);
                long t1 = System.nanoTime();
                float[] v = format.encode(embedder.embedQuery(text));
                long t2 = System.nanoTime();
                knn(os, collection, v);
                long t3 = System.nanoTime();
                search.add((t1 - t0) / 1e6);
                bare.add((t3 - t1) / 1e6);
                embed.add((t2 - t1) / 1e6);
            }
        }
        ObjectNode lat = JsonMapper.shared().createObjectNode();
        lat.put("samples", search.size());
        lat.put("search_hybrid_p50", BenchOut.round(BenchOut.percentile(search, 50), 2));
        lat.put("search_hybrid_p99", BenchOut.round(BenchOut.percentile(search, 99), 2));
        lat.put("bare_embed_knn_p50", BenchOut.round(BenchOut.percentile(bare, 50), 2));
        lat.put("bare_embed_knn_p99", BenchOut.round(BenchOut.percentile(bare, 99), 2));
        lat.put("bare_embed_p50", BenchOut.round(BenchOut.percentile(embed, 50), 2));
        lat.put("ratio_p50", BenchOut.round(BenchOut.percentile(search, 50) / BenchOut.percentile(bare, 50), 4));
        lat.put("ratio_p99", BenchOut.round(BenchOut.percentile(search, 99) / BenchOut.percentile(bare, 99), 4));
        BenchOut.log(
                "latency: search p50 %.1f ms p99 %.1f ms; bare p50 %.1f ms p99 %.1f ms; ratio p50 %.3f",
                BenchOut.percentile(search, 50),
                BenchOut.percentile(search, 99),
                BenchOut.percentile(bare, 50),
                BenchOut.percentile(bare, 99),
                BenchOut.percentile(search, 50) / BenchOut.percentile(bare, 50));
        return lat;
    }

    /** The bare kNN query: top 10 chunks by vector within the collection, reference fields only. */
    private static void knn(RestClient os, String collection, float[] v) throws IOException {
        StringBuilder vec = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) vec.append(',');
            vec.append(v[i]);
        }
        String body =
                "{\"size\":10,\"_source\":[\"doc_id\",\"url\",\"title\",\"ord\",\"start\",\"end\"],\"query\":{\"knn\":{\"vector\":{"
                        + "\"vector\":[" + vec + "],\"k\":10,\"filter\":{\"terms\":{\"collection\":[\"" + collection
                        + "\"]}}}}}}";
        Request req = new Request("POST", "/" + ChunkIndex.ALIAS + "/_search");
        req.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        EntityUtils.consume(os.performRequest(req).getEntity());
    }
}
