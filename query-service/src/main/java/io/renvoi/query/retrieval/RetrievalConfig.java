package io.renvoi.query.retrieval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Retrieval settings ({@code renvoi.query.retrieval.*}): fusion, candidate depths, BM25 fields and
 * diversity. The defaults were tuned on SciFact with bench/search-quality (see bench/README.md); a search
 * request may override the fusion settings and the diversity.
 */
@ConfigMapping(prefix = "renvoi.query.retrieval")
public interface RetrievalConfig {
    /**
     * Fusion of the two lists in hybrid mode: linear (normalised scores, see {@link RankFusion}) or rrf
     * (reciprocal ranks).
     */
    @WithDefault("linear")
    String fusion();

    /** Reciprocal rank fusion's rank constant: score = Σ weight / (rank-constant + rank). */
    @WithDefault("60")
    int rankConstant();

    /**
     * Weight of the vector list in the fusion. 0.7 / 0.3 for bge-small-q (the default model: tuned on half the SciFact
     * training queries, held-out nDCG@10 0.748, 0.756 with knn-candidates 100); MiniLM measured best at 0.55 / 0.45.
     */
    @WithDefault("0.7")
    double vectorWeight();

    /** Weight of the BM25 list in the fusion. */
    @WithDefault("0.3")
    double bm25Weight();

    /** Chunks taken from each list before fusion (and before diversity); at least k. */
    @WithDefault("30")
    int candidates();

    /**
     * Neighbours the kNN query searches for (its {@code k}; the Lucene HNSW search keeps this many
     * candidates, so it acts as ef_search); at least the candidates taken. Set by how close the approximate list
     * comes to the exact one, not by relevance: the smallest k whose first 30 hits hold at least 98 % of the
     * documents of the exact search's first 30 (SciFact, bge-small-q byte vectors, m 16: k 50 95 %, k 100 98.5 %,
     * k 200 99.7 %; bench/README.md "Passage context, chunk size and kNN depth"), for under 1 ms more per search.
     */
    @WithDefault("100")
    int knnCandidates();

    /** Boost of the document title next to the chunk text in BM25 (0 = text only). */
    @WithDefault("0.5")
    double titleBoost();

    /** Most chunks of one document among the hits, when the request does not say (0 = no limit). */
    @WithDefault("0")
    int maxPerDocument();

    /** Most collections one search may cover. */
    @WithDefault("20")
    int maxCollections();
}
