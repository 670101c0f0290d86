package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuestionWordsTest {
    /**
     * The question words go, whatever their case, the punctuation around them or the apostrophe; the other words are
     * passed on as written, since the index's analyzer, not this, splits them (a price stays one term, and so does
     * a word with combining marks); a question of question words only leaves nothing.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "How much does a family ticket cost?         | a family ticket cost?",
                "WHERE can I park?                           | park?",
                "Who invented the Fresnel lens?              | invented the Fresnel lens?",
                "What's the lighthouse keepers' nickname?    | the lighthouse keepers' nickname?",
                "Who’s the principal keeper?                 | the principal keeper?",
                "\"How\" (much) is it?                       | it?",
                "Does a guided tour cost 8.50 euros?         | a guided tour cost 8.50 euros?",
                "What does हिन्दी mean?                       | हिन्दी mean?",
                "Who are you?                                | ''",
            })
    void keepsTheWordsAPassageWouldHold(String question, String content) {
        assertThat(QuestionWords.content(question)).isEqualTo(content);
    }
}
