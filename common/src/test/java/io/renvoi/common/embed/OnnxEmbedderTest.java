package io.renvoi.common.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With all-MiniLM-L6-v2 (the float model langchain4j also runs, so vectors compare to 1e-5; the int8 models move a
 * vector by a few thousandths with its batch, EmbeddingModelTest): the batched embedder gives the vectors
 * langchain4j's one-text-per-call model gives, whatever the batch
 * size and the order of the texts, and cuts long texts at the model's window. Its intra-op threads spin only while a
 * call runs.
 */
class OnnxEmbedderTest {
    private static OnnxEmbedder batched;
    private static List<String> texts;
    private static List<float[]> reference;

    @BeforeAll
    static void setUp() {
        batched = new OnnxEmbedder(EmbeddingModel.MINILM, 8, 2, 1);
        texts = sampleTexts();
        AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
        reference = new ArrayList<>();
        for (String t : texts) {
            reference.add(langchain4j.embed(TextSegment.from(t)).content().vector());
        }
    }

    /** Texts of very different lengths (1 to ~250 word pieces), punctuation, accents, digits, non-Latin script. */
    private static List<String> sampleTexts() {
        List<String> out = new ArrayList<>(List.of(
                "hello",
                "Lighthouse lenses focus light.",
                "Café déjà vu: naïve façade, 42 km/h!",
                "東京は日本の首都です。",
                "BRCA1 mutations increase breast-cancer risk (OR 2.3; 95% CI 1.8-2.9).",
                "A",
                "What is the role of p53 in apoptosis?"));
        String[] words = {
            "protein",
            "cell",
            "the",
            "of",
            "increased",
            "expression",
            "mice",
            "patients",
            "and",
            "significantly",
            "tumour",
            "immune",
            "response",
            "in",
            "was",
            "receptor",
            "signalling",
            "pathway",
            "observed",
            "treatment"
        };
        Random random = new Random(4);
        for (int n : new int[] {5, 20, 40, 60, 90}) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(words[random.nextInt(words.length)]).append(i % 12 == 11 ? ". " : " ");
            }
            out.add(sb.toString().strip());
        }
        return out;
    }

    @Test
    void vectorsMatchLangchain4jWithinCosine1e4() {
        List<float[]> got = batched.embed(texts);
        assertThat(got).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(got.get(i)).hasSize(384);
            // langchain4j's tokenizer cuts at 128 word pieces (tokenizer.json's truncation): compare below that
            assertThat(batched.tokenIds(texts.get(i)).length).isLessThanOrEqualTo(128);
            assertThat(Embedder.cosine(got.get(i), reference.get(i)))
                    .as(texts.get(i))
                    .isGreaterThan(1 - 1e-4);
            assertThat(Embedder.cosine(got.get(i), got.get(i)))
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void batchSizeAndOrderDoNotChangeTheVectors() {
        List<float[]> inOrder = new OnnxEmbedder(EmbeddingModel.MINILM, 1, 1, 1).embed(texts);
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, new Random(7));
        List<float[]> got = new OnnxEmbedder(EmbeddingModel.MINILM, 5, 2, 1)
                .embed(shuffled.stream().map(texts::get).toList());
        for (int k = 0; k < shuffled.size(); k++) {
            assertThat(Embedder.cosine(got.get(k), inOrder.get(shuffled.get(k))))
                    .as(texts.get(shuffled.get(k)))
                    .isGreaterThan(1 - 1e-5);
        }
    }

    @Test
    void parallelCallsGiveEachTextItsOwnVectorEvenWithConcurrentCallers() throws Exception {
        List<float[]> oneAtATime = new OnnxEmbedder(EmbeddingModel.MINILM, 1, 1, 1).embed(texts);
        List<String> reversed = new ArrayList<>(texts);
        Collections.reverse(reversed);
        try (OnnxEmbedder parallel = new OnnxEmbedder(EmbeddingModel.MINILM, 2, 1, 3)) {
            assertThat(parallel.parallelCalls()).isEqualTo(3);
            // two callers at once share the helper threads; each gets its own texts' vectors, in its order
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var forward = callers.submit(() -> parallel.embed(texts));
                var backward = callers.submit(() -> parallel.embed(reversed));
                List<float[]> got = forward.get();
                List<float[]> gotReversed = backward.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(Embedder.cosine(got.get(i), oneAtATime.get(i)))
                            .as(texts.get(i))
                            .isGreaterThan(1 - 1e-5);
                    int j = texts.size() - 1 - i;
                    assertThat(Embedder.cosine(gotReversed.get(j), oneAtATime.get(i)))
                            .as(texts.get(i))
                            .isGreaterThan(1 - 1e-5);
                }
            } finally {
                callers.shutdown();
            }
        }
    }

    @Test
    void wordPiecesBetween128And256CountUnlikeInLangchain4j() {
        String words = String.join(" ", Collections.nCopies(150, "lighthouse"));
        String text = words + " volcano eruption magma ash";
        assertThat(batched.tokenIds(text).length).isBetween(129, OnnxEmbedder.MAX_TOKENS);
        assertThat(Embedder.cosine(batched.embed(text), batched.embed(words))).isLessThan(1 - 1e-4);
    }

    @Test
    void longTextsAreCutAtTheModelWindow() {
        String longText = String.join(" ", Collections.nCopies(400, "lighthouse")) + " volcano eruption magma ash";
        long[] ids = batched.tokenIds(longText);
        assertThat(ids).hasSize(OnnxEmbedder.MAX_TOKENS);
        assertThat(ids[0]).isEqualTo(101L); // [CLS]
        assertThat(ids[ids.length - 1]).isEqualTo(102L); // [SEP] kept last
        // the words past the window do not change the vector
        String head = String.join(" ", Collections.nCopies(400, "lighthouse"));
        assertThat(Embedder.cosine(batched.embed(longText), batched.embed(head)))
                .isGreaterThan(1 - 1e-6);
        assertThat(batched.embed(List.of())).isEmpty();
    }

    @Test
    void intraOpThreadsSpinOnlyWhileACallRuns() throws OrtException {
        try (OrtSession.SessionOptions options = OnnxEmbedder.sessionOptions(2)) {
            assertThat(options.getConfigEntries())
                    .containsEntry("session.intra_op.allow_spinning", "1")
                    .containsEntry("session.force_spinning_stop", "1");
        }
    }
}
