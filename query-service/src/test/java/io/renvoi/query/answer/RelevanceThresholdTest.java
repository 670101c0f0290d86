package io.renvoi.query.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.query.TestConfigs;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The relevance threshold and floor are the embedding model's own unless renvoi.query.relevance-threshold or
 * relevance-floor is set.
 */
class RelevanceThresholdTest {
    @Test
    void unsetItIsTheModelsOwnAndSetItWins() {
        assertThat(AnswerService.relevanceThreshold(TestConfigs.query(Map.of())))
                .isEqualTo(EmbeddingModel.configured().relevanceThreshold())
                .isNotEqualTo(EmbeddingModel.MINILM.relevanceThreshold()); // the default model is not MiniLM
        assertThat(AnswerService.relevanceThreshold(TestConfigs.query(Map.of("relevanceThreshold", Optional.of(0.31)))))
                .isEqualTo(0.31);
    }

    @Test
    void theFloorIsTheModelsOwnUnlessSetAndBelowTheThreshold() {
        EmbeddingModel model = EmbeddingModel.configured();
        assertThat(AnswerService.relevanceFloor(TestConfigs.query(Map.of())))
                .isEqualTo(model.relevanceFloor())
                .isLessThan(model.relevanceThreshold());
        assertThat(AnswerService.relevanceFloor(TestConfigs.query(Map.of("relevanceFloor", Optional.of(0.42)))))
                .isEqualTo(0.42);
        for (EmbeddingModel m : EmbeddingModel.all()) {
            assertThat(m.relevanceFloor()).as(m.configName()).isLessThan(m.relevanceThreshold());
        }
    }
}
