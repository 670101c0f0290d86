package io.renvoi.common.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renvoi.common.index.ByteQuantizer;
import io.renvoi.common.index.VectorIndexOptions;
import io.smallrye.config.WithDefault;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each configured model loads offline from its jar and embeds with its own pooling and instructions: a question
 * is closer to the passage that answers it than to an unrelated one, the query instruction is added to questions
 * only (bge) or to both sides (e5), and every model's vectors are unit length with 384 components.
 */
class EmbeddingModelTest {
    private static final String QUESTION = "What does p53 do in apoptosis?";
    private static final String ANSWER =
            "The tumour suppressor p53 induces apoptosis by activating pro-apoptotic genes such as BAX and PUMA.";
    private static final String UNRELATED = "Lighthouses use Fresnel lenses to focus light over long distances.";

    private static OnnxEmbedder bge;
    private static OnnxEmbedder e5;

    @BeforeAll
    static void load() {
        bge = new OnnxEmbedder(EmbeddingModel.BGE_SMALL_Q, 4, 2, 1);
        e5 = new OnnxEmbedder(EmbeddingModel.E5_SMALL_Q, 4, 2, 1);
    }

    @AfterAll
    static void close() {
        bge.close();
        e5.close();
    }

    @Test
    void namesResolveAndUnknownNamesAreRefused() {
        assertThat(EmbeddingModel.named("bge-small-q")).isEqualTo(EmbeddingModel.BGE_SMALL_Q);
        assertThat(EmbeddingModel.named(" MiniLM ")).isEqualTo(EmbeddingModel.MINILM);
        assertThatThrownBy(() -> EmbeddingModel.named("gte-large"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bge-small");
    }

    @Test
    void versionsDifferPerModelSoAChangeReEmbeds() {
        assertThat(EmbeddingModel.all().stream().map(EmbeddingModel::version).distinct())
                .hasSize(EmbeddingModel.all().size());
        assertThat(Embedder.EMBEDDING_VERSION).isEqualTo(EmbeddingModel.DEFAULT.version());
    }

    @Test
    void withNothingConfiguredTheDefaultModelsVectorsAreCurrent() {
        assertThat(EmbeddingModel.configured()).isEqualTo(EmbeddingModel.DEFAULT);
        assertThat(Embedder.isCurrentEmbedding(EmbeddingModel.DEFAULT.version()))
                .isTrue();
        assertThat(Embedder.isCurrentEmbedding(EmbeddingModel.E5_SMALL_Q.version()))
                .isFalse();
        assertThat(Embedder.isCurrentEmbedding(null)).isFalse();
    }

    @Test
    void theConfigDefaultIsTheDefaultModel() throws NoSuchMethodException {
        assertThat(EmbedConfig.class
                        .getMethod("model")
                        .getAnnotation(WithDefault.class)
                        .value())
                .isEqualTo(EmbeddingModel.DEFAULT.configName());
    }

    @Test
    void eachModelsRelevanceThresholdLiesBetweenAnAnswerAndAnUnrelatedPassage() {
        try (OnnxEmbedder minilm = new OnnxEmbedder(EmbeddingModel.MINILM, 4, 2, 1)) {
            for (OnnxEmbedder model : List.of(minilm, bge, e5)) {
                float[] question = model.embedQuery(QUESTION);
                double threshold = model.model().relevanceThreshold();
                assertThat(dot(question, model.embedPassages(List.of(ANSWER)).get(0)))
                        .as(model.model() + " answer")
                        .isGreaterThan(threshold);
                assertThat(dot(question, model.embedPassages(List.of(UNRELATED)).get(0)))
                        .as(model.model() + " unrelated")
                        .isLessThan(threshold);
            }
        }
        // cosines do not carry over between models: MiniLM's threshold would take bge's unrelated passage as relevant
        assertThat(dot(
                        bge.embedQuery(QUESTION),
                        bge.embedPassages(List.of(UNRELATED)).get(0)))
                .isGreaterThan(EmbeddingModel.MINILM.relevanceThreshold());
    }

    @Test
    void bgeUsesClsPoolingAndAnInstructionForQuestionsOnly() {
        assertThat(EmbeddingModel.BGE_SMALL_Q.pooling()).isEqualTo(EmbeddingModel.Pooling.CLS);
        float[] question = bge.embedQuery(QUESTION);
        List<float[]> passages = bge.embedPassages(List.of(ANSWER, UNRELATED));
        assertThat(question).hasSize(384);
        assertThat(norm(question)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(dot(question, passages.get(0))).isGreaterThan(dot(question, passages.get(1)) + 0.2);
        // passages are embedded as given, questions after the instruction (one text per call on both sides: the int8
        // model quantizes per call, so the same text in another batch lands a few thousandths away)
        assertThat(dot(bge.embedPassages(List.of(ANSWER)).get(0), bge.embed(ANSWER)))
                .isGreaterThan(0.9999);
        assertThat(dot(question, bge.embed(QUESTION))).isLessThan(0.999);
        assertThat(dot(question, bge.embed(EmbeddingModel.BGE_SMALL_Q.queryPrefix() + QUESTION)))
                .isGreaterThan(0.9999);
    }

    @Test
    void eachModelHasItsOwnByteScale() {
        assertThat(EmbeddingModel.MINILM.byteScale()).isEqualTo(VectorIndexOptions.MINILM_BYTE_SCALE);
        List<float[]> vectors = bge.embedPassages(List.of(ANSWER, UNRELATED, QUESTION));
        double ownScale = new ByteQuantizer(EmbeddingModel.BGE_SMALL_Q.byteScale()).clippedShare(vectors);
        double miniLmScale = new ByteQuantizer(EmbeddingModel.MINILM.byteScale()).clippedShare(vectors);
        assertThat(ownScale).isLessThan(0.005);
        assertThat(miniLmScale).isGreaterThan(ownScale);
    }

    @Test
    void e5PrefixesBothSidesWithMeanPooling() {
        assertThat(EmbeddingModel.E5_SMALL_Q.pooling()).isEqualTo(EmbeddingModel.Pooling.MEAN);
        float[] question = e5.embedQuery(QUESTION);
        List<float[]> passages = e5.embedPassages(List.of(ANSWER, UNRELATED));
        assertThat(dot(question, passages.get(0))).isGreaterThan(dot(question, passages.get(1)) + 0.05);
        assertThat(dot(question, e5.embed("query: " + QUESTION))).isGreaterThan(0.9999);
        // one text per call: the int8 model quantizes activations per call, so a batch's padding moves a vector
        // slightly (cosine ~0.998)
        float[] alone = e5.embedPassages(List.of(ANSWER)).get(0);
        assertThat(dot(alone, e5.embed("passage: " + ANSWER))).isGreaterThan(0.9999);
        assertThat(dot(alone, e5.embed(ANSWER))).isLessThan(0.999);
    }

    @Test
    void miniLmAddsNoInstruction() {
        try (OnnxEmbedder minilm = new OnnxEmbedder(EmbeddingModel.MINILM, 4, 2, 1)) {
            assertThat(dot(minilm.embedQuery(QUESTION), minilm.embed(QUESTION))).isGreaterThan(0.9999);
            assertThat(dot(minilm.embedPassages(List.of(ANSWER)).get(0), minilm.embed(ANSWER)))
                    .isGreaterThan(0.9999);
            assertThat(minilm.model().pooling()).isEqualTo(EmbeddingModel.Pooling.MEAN);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
