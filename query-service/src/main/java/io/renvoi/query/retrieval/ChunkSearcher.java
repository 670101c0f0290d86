package io.renvoi.query.retrieval;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ChunkIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.MsearchResponse;
import org.opensearch.client.opensearch.core.msearch.MultiSearchResponseItem;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import org.opensearch.client.opensearch.core.search.HitsMetadata;
import org.opensearch.client.json.JsonData;

/**
 * Retrieves chunk references from rag-chunks: kNN on the question's vector, BM25 on the indexed (unstored)
 * chunk text and the title, or both in one multi-search round trip fused with reciprocal rank fusion. The
 * filters (collections, URL prefixes, indexed-after) sit inside the kNN query, so filtering does not starve
 * the vector results, and in the BM25 query's filter clause. The question is embedded once per search.
 * Reads rag-chunks through the alias; returns references only (the text is never stored).
 */
@ApplicationScoped
public class ChunkSearcher {
    private static final List<String> FIELDS = List.of(ChunkIndex.DOC_ID, ChunkIndex.URL, ChunkIndex.TITLE, ChunkIndex.ORD,
            ChunkIndex.START, ChunkIndex.END, ChunkIndex.CHUNK_SHA256, ChunkIndex.EXTRACTOR_VERSION);
    /** Lucene's cosinesimil score is (1 + cos) / 2. */
    private static final DoubleUnaryOperator COSINE = score -> 2 * score - 1;
    private static final DoubleUnaryOperator NO_SIMILARITY = score -> Double.NaN;

    private final OpenSearchClient client;
    private final Embedder embedder;
    private final RetrievalConfig config;
    private final Fusion defaultFusion;

    ChunkSearcher(OpenSearchClient client, Embedder embedder, RetrievalConfig config) {
        this.client = client;
        this.embedder = embedder;
        this.config = config;
        this.defaultFusion = new Fusion(config.rankConstant(), config.vectorWeight(), config.bm25Weight());
    }

    /** The configured fusion, for requests that do not override it. */
    public Fusion defaultFusion() {
        return defaultFusion;
    }

    /** Search in collections with the configured fusion and diversity, no other filter. */
    public List<Hit> search(String question, List<String> collections, int k, SearchMode mode) throws IOException {
        return search(new SearchSpec(question, SearchFilters.collections(collections), k, mode, null, config.maxPerDocument()));
    }

    public List<Hit> search(SearchSpec spec) throws IOException {
        Fusion fusion = spec.fusion() == null ? defaultFusion : spec.fusion();
        boolean widen = spec.mode() == SearchMode.HYBRID || spec.maxPerDocument() > 0;
        int n = widen ? Math.max(spec.k(), config.candidates()) : spec.k();
        Query filter = filter(spec.filters());
        List<Hit> ranked = switch (spec.mode()) {
            case VECTOR -> run(List.of(knn(spec.query(), n, filter)), n).get(0);
            case BM25 -> run(List.of(bm25(spec.query(), filter)), n).get(0);
            case HYBRID -> {
                List<List<Hit>> lists = run(List.of(knn(spec.query(), n, filter), bm25(spec.query(), filter)), n);
                yield spec.maxPerDocument() == 1
                        ? RankFusion.fuseByDocument(lists.get(0), lists.get(1), fusion)
                        : RankFusion.fuse(lists.get(0), lists.get(1), fusion);
            }
        };
        return Diversity.limit(ranked, spec.maxPerDocument(), spec.k());
    }

    private Ranked knn(String question, int n, Query filter) {
        float[] vector = embedder.embed(question);
        int k = Math.max(n, config.knnCandidates());
        return new Ranked(Query.of(q -> q.knn(kn -> kn.field(ChunkIndex.VECTOR).vector(vector).k(k).filter(filter))), COSINE);
    }

    private Ranked bm25(String question, Query filter) {
        Query text = Query.of(q -> q.match(m -> m.field(ChunkIndex.TEXT).query(FieldValue.of(question))));
        Query query;
        if (config.titleBoost() > 0) {
            Query title = Query.of(q -> q.match(m -> m.field(ChunkIndex.TITLE).query(FieldValue.of(question)).boost((float) config.titleBoost())));
            query = Query.of(q -> q.bool(b -> b.should(text, title).minimumShouldMatch("1").filter(filter)));
        } else {
            query = Query.of(q -> q.bool(b -> b.must(text).filter(filter)));
        }
        return new Ranked(query, NO_SIMILARITY);
    }

    static Query filter(SearchFilters filters) {
        List<FieldValue> collections = filters.collections().stream().map(FieldValue::of).toList();
        List<Query> clauses = new ArrayList<>();
        clauses.add(Query.of(q -> q.terms(t -> t.field(ChunkIndex.COLLECTION).terms(v -> v.value(collections)))));
        if (!filters.urlPrefixes().isEmpty()) {
            List<Query> prefixes = filters.urlPrefixes().stream()
                    .map(p -> Query.of(q -> q.prefix(x -> x.field(ChunkIndex.URL).value(p))))
                    .toList();
            clauses.add(Query.of(q -> q.bool(b -> b.should(prefixes).minimumShouldMatch("1"))));
        }
        if (filters.indexedAfter() != null) {
            long after = filters.indexedAfter().toEpochMilli();
            clauses.add(Query.of(q -> q.range(r -> r.field(ChunkIndex.INDEXED_AT).gt(JsonData.of(after)))));
        }
        return Query.of(q -> q.bool(b -> b.filter(clauses)));
    }

    private record Ranked(Query query, DoubleUnaryOperator similarity) {}

    /** Runs the queries in one round trip (one _msearch), n hits each; a missing index gives empty lists. */
    @SuppressWarnings("rawtypes")
    private List<List<Hit>> run(List<Ranked> queries, int n) throws IOException {
        List<RequestItem> items = queries.stream()
                .map(r -> RequestItem.of(i -> i.header(h -> h.index(ChunkIndex.ALIAS).ignoreUnavailable(true))
                        .body(b -> b.query(r.query()).size(n).source(s -> s.filter(f -> f.includes(FIELDS))))))
                .toList();
        MsearchResponse<Map> response;
        try {
            response = client.msearch(m -> m.searches(items), Map.class);
        } catch (OpenSearchException e) {
            if (indexMissing(e.error())) {
                return queries.stream().map(r -> List.<Hit>of()).toList();
            }
            throw e;
        }
        List<List<Hit>> lists = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            MultiSearchResponseItem<Map> item = response.responses().get(i);
            if (item.isFailure()) {
                if (indexMissing(item.failure().error())) {
                    lists.add(List.of());
                    continue;
                }
                throw new IOException("OpenSearch search failed: " + item.failure().error().type() + ": " + item.failure().error().reason());
            }
            lists.add(hits(item.result().hits(), queries.get(i).similarity()));
        }
        return lists;
    }

    private static boolean indexMissing(ErrorCause error) {
        return error != null && "index_not_found_exception".equals(error.type());
    }

    @SuppressWarnings("rawtypes")
    private static List<Hit> hits(HitsMetadata<Map> metadata, DoubleUnaryOperator similarity) {
        List<Hit> hits = new ArrayList<>();
        for (var h : metadata.hits()) {
            Map s = h.source();
            double score = h.score() == null ? 0 : h.score();
            hits.add(new Hit((String) s.get(ChunkIndex.DOC_ID), (String) s.get(ChunkIndex.URL), (String) s.get(ChunkIndex.TITLE),
                    ((Number) s.get(ChunkIndex.ORD)).intValue(), ((Number) s.get(ChunkIndex.START)).intValue(),
                    ((Number) s.get(ChunkIndex.END)).intValue(), score, similarity.applyAsDouble(score),
                    (String) s.get(ChunkIndex.CHUNK_SHA256), (String) s.get(ChunkIndex.EXTRACTOR_VERSION)));
        }
        return hits;
    }
}
