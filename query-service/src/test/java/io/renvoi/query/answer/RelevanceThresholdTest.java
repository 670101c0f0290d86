package io.renvoi.query.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.query.TestConfigs;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The relevance threshold is the embedding model's own unless renvoi.query.relevance-threshold is set. */
class RelevanceThresholdTest {
    @Test
    void unsetItIsTheModelsOwnAndSetItWins() {
        assertThat(AnswerService.relevanceThreshold(TestConfigs.query(Map.of())))
                .isEqualTo(EmbeddingModel.configured().relevanceThreshold())
                .isNotEqualTo(EmbeddingModel.MINILM.relevanceThreshold()); // the default model is not MiniLM
        assertThat(AnswerService.relevanceThreshold(TestConfigs.query(Map.of("relevanceThreshold", Optional.of(0.31)))))
                .isEqualTo(0.31);
    }
}
