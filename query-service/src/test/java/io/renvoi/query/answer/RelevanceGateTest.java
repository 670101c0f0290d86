package io.renvoi.query.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renvoi.query.TestConfigs;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.WordEvidence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which hits {@link AnswerService} resolves: those at the cosine threshold; when none is, those at the floor provided
 * one of them holds the question's words (asked of {@link WordEvidence} only then, and only about them); BM25-only
 * hits along with either.
 */
class RelevanceGateTest {
    /** Word evidence that records what it is asked and answers the chunk ids it is given to. */
    static final class RecordedWords extends WordEvidence {
        final List<List<String>> asked = new ArrayList<>();
        Set<String> holding = Set.of();
        IOException failure;

        @Override
        public Set<String> holding(String question, List<Hit> hits) throws IOException {
            asked.add(hits.stream().map(Hit::chunkId).toList());
            if (failure != null) {
                throw failure;
            }
            return holding;
        }
    }

    final RecordedWords words = new RecordedWords();

    AnswerService service(double threshold, double floor) {
        return new AnswerService(
                null,
                words,
                null,
                null,
                TestConfigs.query(
                        Map.of("relevanceThreshold", Optional.of(threshold), "relevanceFloor", Optional.of(floor))));
    }

    static Hit hit(String doc, double similarity) {
        return new Hit(doc, "http://127.0.0.1/" + doc, doc, 0, 0, 10, 1, similarity, "sha", "html-1");
    }

    @Test
    void aHitAtTheThresholdDecidesWithoutAskingForWords() throws Exception {
        List<Hit> hits = List.of(hit("a", 0.6), hit("b", 0.5), hit("c", Double.NaN));
        assertThat(service(0.55, 0.35).relevant("q", hits))
                .extracting(Hit::docId)
                .containsExactly("a", "c");
        assertThat(words.asked).isEmpty();
    }

    @Test
    void belowTheThresholdTheHitsAtTheFloorAreRelevantWhenOneHoldsTheWords() throws Exception {
        List<Hit> hits = List.of(hit("a", 0.5), hit("b", 0.3), hit("c", Double.NaN), hit("d", 0.4));
        words.holding = Set.of("d:0");
        assertThat(service(0.55, 0.35).relevant("q", hits))
                .extracting(Hit::docId)
                .containsExactly("a", "c", "d");
        assertThat(words.asked).containsExactly(List.of("a:0", "d:0")); // only the hits at the floor
    }

    @Test
    void belowTheThresholdWithoutTheWordsNothingIsRelevant() throws Exception {
        List<Hit> hits = List.of(hit("a", 0.5), hit("c", Double.NaN));
        assertThat(service(0.55, 0.35).relevant("q", hits)).isEmpty();
        assertThat(words.asked).hasSize(1);
    }

    @Test
    void nothingAtTheFloorIsNotRelevantAndNotAskedAbout() throws Exception {
        assertThat(service(0.55, 0.35).relevant("q", List.of(hit("a", 0.2), hit("c", Double.NaN))))
                .isEmpty();
        // a floor configured above the threshold is the threshold
        assertThat(service(0.55, 0.9).relevant("q", List.of(hit("a", 0.5)))).isEmpty();
        assertThat(words.asked).isEmpty();
    }

    @Test
    void aFailingWordCheckFailsTheAnswerAsAFailingSearchDoes() {
        words.failure = new IOException("rag-chunks unavailable");
        assertThatThrownBy(() -> service(0.55, 0.35).relevant("q", List.of(hit("a", 0.5))))
                .isInstanceOf(IOException.class)
                .hasMessage("rag-chunks unavailable");
    }
}
