package io.renvoi.query.retrieval;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.query.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Retrieves chunk references from rag-chunks: kNN on the question's vector with the collection filter
 * inside the kNN query (so filtering does not starve results), BM25 on the indexed (unstored) text, or
 * both fused with reciprocal rank fusion.
 */
@ApplicationScoped
public class ChunkSearcher {
    private static final List<String> FIELDS = List.of(ChunkIndex.DOC_ID, ChunkIndex.URL, ChunkIndex.TITLE, ChunkIndex.ORD,
            ChunkIndex.START, ChunkIndex.END, ChunkIndex.CHUNK_SHA256, ChunkIndex.EXTRACTOR_VERSION);

    private final OpenSearchClient client;
    private final Embedder embedder;
    private final RankFusion fusion;
    private final int candidates;

    ChunkSearcher(OpenSearchClient client, Embedder embedder, QueryConfig config) {
        this.client = client;
        this.embedder = embedder;
        this.fusion = new RankFusion(config.fusion().rankConstant(), config.fusion().vectorWeight(), config.fusion().bm25Weight());
        this.candidates = config.fusion().candidates();
    }

    public List<io.renvoi.query.retrieval.Hit> search(String question, List<String> collections, int k, SearchMode mode)
            throws IOException {
        return switch (mode) {
            case VECTOR -> vector(question, collections, k);
            case BM25 -> bm25(question, collections, k);
            case HYBRID -> {
                int n = Math.max(k, candidates);
                yield fusion.fuse(vector(question, collections, n), bm25(question, collections, n), k);
            }
        };
    }

    private List<io.renvoi.query.retrieval.Hit> vector(String question, List<String> collections, int k) throws IOException {
        float[] vector = embedder.embed(question);
        Query filter = collectionFilter(collections);
        Query knn = Query.of(q -> q.knn(n -> n.field(ChunkIndex.VECTOR).vector(vector).k(k).filter(filter)));
        // lucene cosinesimil scores are (1 + cos) / 2
        return run(knn, k, score -> 2 * score - 1);
    }

    private List<io.renvoi.query.retrieval.Hit> bm25(String question, List<String> collections, int k) throws IOException {
        Query match = Query.of(q -> q.bool(b -> b.must(m -> m.match(t -> t.field(ChunkIndex.TEXT).query(FieldValue.of(question))))
                .filter(collectionFilter(collections))));
        return run(match, k, score -> Double.NaN);
    }

    private static Query collectionFilter(List<String> collections) {
        List<FieldValue> values = collections.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(ChunkIndex.COLLECTION).terms(v -> v.value(values))));
    }

    @SuppressWarnings("rawtypes")
    private List<io.renvoi.query.retrieval.Hit> run(Query query, int k, java.util.function.DoubleUnaryOperator similarity)
            throws IOException {
        SearchResponse<Map> response;
        try {
            response = client.search(s -> s.index(ChunkIndex.ALIAS).query(query).size(k)
                    .source(src -> src.filter(f -> f.includes(FIELDS))), Map.class);
        } catch (OpenSearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return List.of();
            }
            throw e;
        }
        List<io.renvoi.query.retrieval.Hit> hits = new ArrayList<>();
        for (Hit<Map> h : response.hits().hits()) {
            Map s = h.source();
            double score = h.score() == null ? 0 : h.score();
            hits.add(new io.renvoi.query.retrieval.Hit((String) s.get(ChunkIndex.DOC_ID), (String) s.get(ChunkIndex.URL),
                    (String) s.get(ChunkIndex.TITLE), ((Number) s.get(ChunkIndex.ORD)).intValue(),
                    ((Number) s.get(ChunkIndex.START)).intValue(), ((Number) s.get(ChunkIndex.END)).intValue(), score,
                    similarity.applyAsDouble(score), (String) s.get(ChunkIndex.CHUNK_SHA256),
                    (String) s.get(ChunkIndex.EXTRACTOR_VERSION)));
        }
        return hits;
    }
}
