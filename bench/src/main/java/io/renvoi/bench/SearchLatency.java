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
 * collection filter), interleaved query by query; p50 and p99 of both and their ratios. Vector-only {@code /search}
 * is timed in the same sequence: what the service's HTTP hop and one list cost over the bare path, apart from what
 * the second list and fusion add. Reads query-service and the rag-chunks alias.
 */
final class SearchLatency {
    private SearchLatency() {}

    /**
     * Untimed warm-up passes at the least: with the quality pass before them, about 4,000 searches (the JIT kept
     * lowering query-service's p50 for 4,000-6,000; with two at the least, one run stopped on a plateau at 17 ms).
     */
    static final int MIN_WARM_UP_PASSES = 4;
    /** Untimed warm-up passes at the most, when the service's p50 keeps falling. */
    static final int MAX_WARM_UP_PASSES = 8;
    /** A warm-up pass whose /search p50 is within this share of the previous pass's ends the warm-up. */
    static final double STEADY = 0.03;

    /**
     * {@code rounds} timed passes over {@code texts}, after untimed passes of both sides until query-service is
     * warm: at least four, then until a pass's /search p50 is within 3 % of the previous pass's (at most eight). A
     * service in use is warm, and query-service's search path took 17-22 ms p50 over its first 1,000 searches and
     * kept getting faster for 4,000-6,000 (the JIT; timed from inside, bench/README.md), so a pass that times it
     * earlier measures the JIT. The figures as JSON, with the warm-up passes' p50s.
     */
    static ObjectNode measure(RestClient os, String query, String collection, List<String> texts, int rounds)
            throws Exception {
        List<Double> warmUp = new ArrayList<>();
        Timings timed = new Timings();
        try (OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.configured())) {
            // the question encoded as the index takes vectors (floats, or bytes with its recorded scale)
            VectorFormat format = VectorFormat.read(os, ChunkIndex.ALIAS);
            while (warmUp.size() < MAX_WARM_UP_PASSES) {
                Timings pass = new Timings();
                pass.run(os, query, collection, texts, embedder, format);
                double p50 = BenchOut.percentile(pass.search, 50);
                BenchOut.log("latency warm-up pass %d: search p50 %.1f ms", warmUp.size() + 1, p50);
                boolean steady = warmUp.size() >= MIN_WARM_UP_PASSES - 1
                        && Math.abs(p50 - warmUp.get(warmUp.size() - 1)) <= STEADY * warmUp.get(warmUp.size() - 1);
                warmUp.add(p50);
                if (steady) break;
            }
            for (int r = 0; r < rounds; r++) {
                timed.run(os, query, collection, texts, embedder, format);
            }
        }
        List<Double> search = timed.search;
        List<Double> vector = timed.vector;
        List<Double> bare = timed.bare;
        List<Double> embed = timed.embed;
        List<Double> bareKnn = timed.bareKnn;
        ObjectNode lat = JsonMapper.shared().createObjectNode();
        lat.put("samples", search.size());
        lat.put("warm_up_passes", warmUp.size());
        var warm = lat.putArray("warm_up_search_p50");
        warmUp.forEach(p -> warm.add(BenchOut.round(p, 2)));
        lat.put("search_hybrid_p50", BenchOut.round(BenchOut.percentile(search, 50), 2));
        lat.put("search_hybrid_p99", BenchOut.round(BenchOut.percentile(search, 99), 2));
        lat.put("search_vector_p50", BenchOut.round(BenchOut.percentile(vector, 50), 2));
        lat.put("search_vector_p99", BenchOut.round(BenchOut.percentile(vector, 99), 2));
        lat.put("bare_embed_knn_p50", BenchOut.round(BenchOut.percentile(bare, 50), 2));
        lat.put("bare_embed_knn_p99", BenchOut.round(BenchOut.percentile(bare, 99), 2));
        lat.put("bare_embed_p50", BenchOut.round(BenchOut.percentile(embed, 50), 2));
        lat.put("bare_knn_p50", BenchOut.round(BenchOut.percentile(bareKnn, 50), 2));
        lat.put("bare_knn_p99", BenchOut.round(BenchOut.percentile(bareKnn, 99), 2));
        lat.put("ratio_p50", BenchOut.round(BenchOut.percentile(search, 50) / BenchOut.percentile(bare, 50), 4));
        lat.put("ratio_vector_p50", BenchOut.round(BenchOut.percentile(vector, 50) / BenchOut.percentile(bare, 50), 4));
        lat.put("ratio_p99", BenchOut.round(BenchOut.percentile(search, 99) / BenchOut.percentile(bare, 99), 4));
        BenchOut.log(
                "latency: search p50 %.1f ms p99 %.1f ms (vector only: p50 %.1f ms); bare p50 %.1f ms p99 %.1f ms;"
                        + " ratio p50 %.3f",
                BenchOut.percentile(search, 50),
                BenchOut.percentile(search, 99),
                BenchOut.percentile(vector, 50),
                BenchOut.percentile(bare, 50),
                BenchOut.percentile(bare, 99),
                BenchOut.percentile(search, 50) / BenchOut.percentile(bare, 50));
        return lat;
    }

    /**
     * Milliseconds per question: hybrid /search, vector-only /search, and the bare path (embedding + kNN) with its
     * two parts.
     */
    private static final class Timings {
        final List<Double> search = new ArrayList<>();
        final List<Double> vector = new ArrayList<>();
        final List<Double> bare = new ArrayList<>();
        final List<Double> embed = new ArrayList<>();
        final List<Double> bareKnn = new ArrayList<>();

        /** One pass over {@code texts}: each question through query-service (hybrid, then vector), then bare. */
        void run(
                RestClient os,
                String query,
                String collection,
                List<String> texts,
                OnnxEmbedder embedder,
                VectorFormat format)
                throws Exception {
            for (String text : texts) {
                long t0 = System.nanoTime();
                ServiceHttp.searchDocIds(query, collection, text, "hybrid", null);
                long tv = System.nanoTime();
                ServiceHttp.searchDocIds(query, collection, text, "vector", null);
                long t1 = System.nanoTime();
                float[] v = format.encode(embedder.embedQuery(text));
                long t2 = System.nanoTime();
                knn(os, collection, v);
                long t3 = System.nanoTime();
                search.add((tv - t0) / 1e6);
                vector.add((t1 - tv) / 1e6);
                bare.add((t3 - t1) / 1e6);
                embed.add((t2 - t1) / 1e6);
                bareKnn.add((t3 - t2) / 1e6);
            }
        }
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
