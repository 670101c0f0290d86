package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionWordsTest {
    @Test
    void theWordsEveryQuestionHasAreLeftOut() {
        assertThat(QuestionWords.content("How much does a family ticket cost?")).isEqualTo("a family ticket cost");
        assertThat(QuestionWords.content("WHERE can I park?")).isEqualTo("park");
        assertThat(QuestionWords.content("Who invented the Fresnel lens?")).isEqualTo("invented the Fresnel lens");
        assertThat(QuestionWords.content("What's the lighthouse keepers' nickname?"))
                .isEqualTo("the lighthouse keepers' nickname");
        assertThat(QuestionWords.content("Who’s the principal keeper?")).isEqualTo("the principal keeper");
    }

    @Test
    void aQuestionOfQuestionWordsOnlyLeavesNothing() {
        assertThat(QuestionWords.content("What is it?")).isEqualTo("it");
        assertThat(QuestionWords.content("Who are you?")).isEmpty();
        assertThat(QuestionWords.content("  ?! ")).isEmpty();
    }
}
