package io.renvoi.query.retrieval;

import static io.renvoi.common.index.Queries.allOf;
import static io.renvoi.common.index.Queries.anyOf;
import static io.renvoi.common.index.Queries.prefix;
import static io.renvoi.common.index.Queries.terms;

import io.renvoi.common.embed.Embedder;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.CurrentVectorFormat;
import io.renvoi.common.index.VectorFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.MsearchRequest;
import org.opensearch.client.opensearch.core.MsearchResponse;
import org.opensearch.client.opensearch.core.msearch.MultiSearchResponseItem;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import org.opensearch.client.opensearch.core.search.HitsMetadata;

/**
 * Retrieves chunk references from rag-chunks: kNN on the question's vector, BM25 on the indexed (unstored)
 * chunk text and the title, or both fused (reciprocal rank or linear). In hybrid mode the question is embedded
 * first (the model has both cores to itself), then the kNN and BM25 queries go in one {@code _msearch}, which
 * OpenSearch runs side by side. No query counts its total hits, so BM25 can skip non-competitive documents. The
 * filters (collections, URL prefixes, indexed-after) sit inside the kNN query, so filtering does not starve
 * the vector results, and in the BM25 query's filter clause. The question is embedded once per search.
 * Reads rag-chunks through the alias; returns references only (the text is never stored). The question's vector
 * is encoded as the index behind the alias declares (floats, or bytes with the index's recorded scale: {@link
 * CurrentVectorFormat}, re-read every 30 s so an alias switch is followed); an index made for another embedding
 * model than the questions' is refused (503, {@link io.renvoi.common.index.IndexModelMismatchException}).
 */
@ApplicationScoped
public class ChunkSearcher {
    private static final List<String> FIELDS = List.of(
            ChunkIndex.DOC_ID,
            ChunkIndex.URL,
            ChunkIndex.TITLE,
            ChunkIndex.ORD,
            ChunkIndex.START,
            ChunkIndex.END,
            ChunkIndex.CHUNK_SHA256,
            ChunkIndex.EXTRACTOR_VERSION);
    /** Lucene's cosinesimil score is (1 + cos) / 2. */
    private static final DoubleUnaryOperator COSINE = score -> 2 * score - 1;

    private static final DoubleUnaryOperator NO_SIMILARITY = score -> Double.NaN;

    private final OpenSearchClient client;
    private final Embedder embedder;
    private final RetrievalConfig config;
    private final Fusion defaultFusion;
    private final CurrentVectorFormat vectorFormat;

    ChunkSearcher(OpenSearchClient client, RestClient restClient, Embedder embedder, RetrievalConfig config) {
        this.client = client;
        this.vectorFormat =
                new CurrentVectorFormat(restClient, ChunkIndex.ALIAS, Duration.ofSeconds(30), embedder.model());
        this.embedder = embedder;
        this.config = config;
        this.defaultFusion = new Fusion(
                Fusion.Method.parse(config.fusion()),
                config.rankConstant(),
                config.vectorWeight(),
                config.bm25Weight());
    }

    /** The configured fusion, for requests that do not override it. */
    public Fusion defaultFusion() {
        return defaultFusion;
    }

    /** Search in collections with the configured fusion and diversity, no other filter. */
    public List<Hit> search(String question, List<String> collections, int k, SearchMode mode) throws IOException {
        return search(new SearchSpec(
                question, SearchFilters.collections(collections), k, mode, null, config.maxPerDocument()));
    }

    public List<Hit> search(SearchSpec spec) throws IOException {
        Fusion fusion = spec.fusion() == null ? defaultFusion : spec.fusion();
        boolean widen = spec.mode() == SearchMode.HYBRID || spec.maxPerDocument() > 0;
        int n = widen ? Math.max(spec.k(), config.candidates()) : spec.k();
        Query filter = filter(spec.filters());
        List<Hit> ranked = switch (spec.mode()) {
            case VECTOR ->
                run(List.of(knn(spec.query(), n, filter, vectorFormat.get())), n)
                        .get(0);
            case BM25 -> run(List.of(bm25(spec.query(), filter)), n).get(0);
            case HYBRID -> {
                // Both queries in one round trip, after the embedding: OpenSearch runs them side by side while
                // the embedding has both cores to itself.
                List<List<Hit>> results =
                        run(List.of(knn(spec.query(), n, filter, vectorFormat.get()), bm25(spec.query(), filter)), n);
                List<Hit> vector = results.get(0);
                List<Hit> bm25 = results.get(1);
                yield spec.maxPerDocument() == 1
                        ? RankFusion.fuseByDocument(vector, bm25, fusion)
                        : RankFusion.fuse(vector, bm25, fusion);
            }
        };
        return Diversity.limit(ranked, spec.maxPerDocument(), spec.k());
    }

    private Ranked knn(String question, int n, Query filter, VectorFormat format) {
        float[] vector = format.encode(embedder.embedQuery(question));
        int k = Math.max(n, config.knnCandidates());
        return new Ranked(
                Query.of(q -> q.knn(
                        kn -> kn.field(ChunkIndex.VECTOR).vector(vector).k(k).filter(filter))),
                COSINE);
    }

    private Ranked bm25(String question, Query filter) {
        Query text = Query.of(q -> q.match(m -> m.field(ChunkIndex.TEXT).query(FieldValue.of(question))));
        Query query;
        if (config.titleBoost() > 0) {
            // The question's stop words are dropped for the title too (it is indexed with them): they add
            // nothing to the ranking and make the title query scan long postings lists.
            Query title = Query.of(q -> q.match(m -> m.field(ChunkIndex.TITLE)
                    .query(FieldValue.of(question))
                    .analyzer(ChunkIndex.TEXT_ANALYZER)
                    .boost((float) config.titleBoost())));
            query = Query.of(q ->
                    q.bool(b -> b.should(text, title).minimumShouldMatch("1").filter(filter)));
        } else {
            query = Query.of(q -> q.bool(b -> b.must(text).filter(filter)));
        }
        return new Ranked(query, NO_SIMILARITY);
    }

    static Query filter(SearchFilters filters) {
        List<Query> clauses = new ArrayList<>();
        clauses.add(terms(ChunkIndex.COLLECTION, filters.collections()));
        if (!filters.urlPrefixes().isEmpty()) {
            clauses.add(anyOf(filters.urlPrefixes().stream()
                    .map(p -> prefix(ChunkIndex.URL, p))
                    .toList()));
        }
        if (filters.indexedAfter() != null) {
            long after = filters.indexedAfter().toEpochMilli();
            clauses.add(
                    Query.of(q -> q.range(r -> r.field(ChunkIndex.INDEXED_AT).gt(JsonData.of(after)))));
        }
        return allOf(clauses);
    }

    private record Ranked(Query query, DoubleUnaryOperator similarity) {}

    /**
     * Sends the searches in one {@code _msearch} request (n hits each, reference fields only, no total hit
     * count); returns their hits in the same order. A missing index gives no hits.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<List<Hit>> run(List<Ranked> searches, int n) throws IOException {
        List<RequestItem> items = searches.stream()
                .map(ranked -> RequestItem.of(i -> i.header(
                                h -> h.index(ChunkIndex.ALIAS).ignoreUnavailable(true))
                        .body(b -> b.query(ranked.query())
                                .size(n)
                                .trackTotalHits(t -> t.enabled(false))
                                .source(src -> src.filter(f -> f.includes(FIELDS))))))
                .toList();
        MsearchResponse<Map> response = client.msearch(MsearchRequest.of(r -> r.searches(items)), Map.class);
        List<List<Hit>> results = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            MultiSearchResponseItem<Map> item = response.responses().get(i);
            if (item.isFailure()) {
                if (indexMissing(item.failure().error())) {
                    results.add(List.of());
                    continue;
                }
                throw new OpenSearchException(item.failure());
            }
            results.add(
                    hits((HitsMetadata) item.result().hits(), searches.get(i).similarity()));
        }
        return results;
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
            hits.add(new Hit(
                    (String) s.get(ChunkIndex.DOC_ID),
                    (String) s.get(ChunkIndex.URL),
                    (String) s.get(ChunkIndex.TITLE),
                    ((Number) s.get(ChunkIndex.ORD)).intValue(),
                    ((Number) s.get(ChunkIndex.START)).intValue(),
                    ((Number) s.get(ChunkIndex.END)).intValue(),
                    score,
                    similarity.applyAsDouble(score),
                    (String) s.get(ChunkIndex.CHUNK_SHA256),
                    (String) s.get(ChunkIndex.EXTRACTOR_VERSION)));
        }
        return hits;
    }
}
