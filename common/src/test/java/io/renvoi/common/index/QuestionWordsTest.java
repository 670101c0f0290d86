package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionWordsTest {
    @Test
    void theWordsEveryQuestionHasAreLeftOut() {
        assertThat(QuestionWords.content("How much does a family ticket cost?")).isEqualTo("a family ticket cost?");
        assertThat(QuestionWords.content("WHERE can I park?")).isEqualTo("park?");
        assertThat(QuestionWords.content("Who invented the Fresnel lens?")).isEqualTo("invented the Fresnel lens?");
        assertThat(QuestionWords.content("What's the lighthouse keepers' nickname?"))
                .isEqualTo("the lighthouse keepers' nickname?");
        assertThat(QuestionWords.content("Who’s the principal keeper?")).isEqualTo("the principal keeper?");
        assertThat(QuestionWords.content("\"How\" (much) is it?")).isEqualTo("it?");
    }

    @Test
    void theOtherWordsArePassedOnAsWritten() {
        // the analyzer, not this, splits words: a price stays one term, and so does a word with combining marks
        assertThat(QuestionWords.content("Does a guided tour cost 8.50 euros?"))
                .isEqualTo("a guided tour cost 8.50 euros?");
        assertThat(QuestionWords.content("What does हिन्दी mean?")).isEqualTo("हिन्दी mean?");
    }

    @Test
    void aQuestionOfQuestionWordsOnlyLeavesNothing() {
        assertThat(QuestionWords.content("Who are you?")).isEmpty();
        assertThat(QuestionWords.content("  ")).isEmpty();
    }
}
