package io.renvoi.query.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reciprocal rank fusion by chunk and by document, and the diversity limit, on hand-made lists. */
class RankFusionTest {
    private static final Fusion EVEN = new Fusion(60, 1, 1);

    @Test
    void aChunkInBothListsBeatsChunksFirstInOnlyOne() {
        List<Hit> vector = List.of(hit("a", 0, 0.9), hit("b", 0, 0.8));
        List<Hit> bm25 = List.of(hit("c", 0, 1), hit("b", 0, 1));
        List<Hit> fused = RankFusion.fuse(vector, bm25, EVEN);
        assertThat(fused).extracting(Hit::chunkId).containsExactly("b:0", "a:0", "c:0");
        assertThat(fused.get(0).score()).isEqualTo(1.0 / 62 + 1.0 / 62);
        assertThat(fused.get(0).similarity()).isEqualTo(0.8);
        assertThat(fused.get(2).similarity()).isNaN();
    }

    @Test
    void weightsAndTheRankConstantShapeTheOrder() {
        List<Hit> vector = List.of(hit("a", 0, 0.9));
        List<Hit> bm25 = List.of(hit("c", 0, 1));
        assertThat(RankFusion.fuse(vector, bm25, new Fusion(60, 1, 2)))
                .extracting(Hit::docId)
                .containsExactly("c", "a");
        assertThat(RankFusion.fuse(vector, bm25, new Fusion(60, 2, 1)))
                .extracting(Hit::docId)
                .containsExactly("a", "c");
    }

    @Test
    void byDocumentADocumentFoundByDifferentChunksInEachListGetsBothContributions() {
        // Document d is found by chunk 0 in the vector list and by chunk 3 in BM25; x and y by one list each.
        List<Hit> vector = List.of(hit("x", 0, 0.9), hit("d", 0, 0.8), hit("d", 1, 0.7));
        List<Hit> bm25 = List.of(hit("y", 0, 1), hit("d", 3, 1));
        assertThat(RankFusion.fuse(vector, bm25, EVEN)).extracting(Hit::chunkId).startsWith("x:0", "y:0");
        List<Hit> byDoc = RankFusion.fuseByDocument(vector, bm25, EVEN);
        assertThat(byDoc).extracting(Hit::docId).containsExactly("d", "x", "y");
        assertThat(byDoc.get(0).score()).isEqualTo(1.0 / 62 + 1.0 / 62);
        assertThat(byDoc.get(0).similarity()).isEqualTo(0.8);
    }

    @Test
    void linearFusionAddsTheVectorScoresMinMaxNormalisedAndTheBm25ScoresAsAShareOfTheBest() {
        List<Hit> vector = List.of(scored("a", 0.9), scored("b", 0.8), scored("c", 0.5));
        List<Hit> bm25 = List.of(scored("c", 10), scored("b", 5));
        List<Hit> fused = RankFusion.fuse(vector, bm25, new Fusion(Fusion.Method.LINEAR, 60, 1, 1));
        // a: 1 + 0; b: 0.75 + 0.5; c: 0 + 1
        assertThat(fused).extracting(Hit::docId).containsExactly("b", "a", "c");
        assertThat(fused.get(0).score()).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(RankFusion.fuse(vector, bm25, new Fusion(Fusion.Method.LINEAR, 60, 1, 3)))
                .extracting(Hit::docId)
                .containsExactly("c", "b", "a");
    }

    @Test
    void diversityKeepsRankOrderWithAtMostNChunksPerDocument() {
        List<Hit> ranked = List.of(hit("a", 0, 1), hit("a", 1, 1), hit("a", 2, 1), hit("b", 0, 1), hit("c", 0, 1));
        assertThat(Diversity.limit(ranked, 1, 3)).extracting(Hit::chunkId).containsExactly("a:0", "b:0", "c:0");
        assertThat(Diversity.limit(ranked, 2, 3)).extracting(Hit::chunkId).containsExactly("a:0", "a:1", "b:0");
        assertThat(Diversity.limit(ranked, 0, 3)).extracting(Hit::chunkId).containsExactly("a:0", "a:1", "a:2");
    }

    private static Hit scored(String doc, double score) {
        return new Hit(doc, "http://t/" + doc, doc, 0, 0, 1, score, Double.NaN, "sha", "html-2");
    }

    private static Hit hit(String doc, int ord, double similarity) {
        return new Hit(doc, "http://t/" + doc, doc, ord, 0, 1, 0, similarity, "sha", "html-2");
    }
}
