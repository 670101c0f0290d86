package io.renvoi.tritonlocal;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.embed.OnnxEmbedder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {
    private static ExtractiveAnswerer answerer;

    @BeforeAll
    static void load() {
        answerer =
                new ExtractiveAnswerer(new OnnxEmbedder(EmbeddingModel.MINILM), ExtractiveAnswerer.DEFAULT_THRESHOLD);
    }

    @Test
    void parsesInstructionsPassagesTitlesAndQuestion() {
        PromptParser.Parsed p = PromptParser.parse(Prompts.build("How tall is the Eiffel Tower?"));
        assertThat(p.question()).isEqualTo("How tall is the Eiffel Tower?");
        assertThat(p.passages()).extracting(PromptParser.Passage::number).containsExactly(1, 2, 3);
        assertThat(p.passages())
                .extracting(PromptParser.Passage::title)
                .containsExactly("Photosynthesis", "Eiffel Tower", "Rust");
        assertThat(p.passages().get(1).text())
                .isEqualTo("The Eiffel Tower is located in Paris, France. "
                        + "It was completed in 1889 for the World's Fair and is about 330 metres tall.");
    }

    @Test
    void passageWithoutTitleAndMultiLineQuestion() {
        PromptParser.Parsed p =
                PromptParser.parse("Passages:\n[7] untitled text here.\n\nQuestion: what is\nthis?\nAnswer:");
        assertThat(p.passages()).containsExactly(new PromptParser.Passage(7, null, "untitled text here."));
        assertThat(p.question()).isEqualTo("what is this?");
    }

    @Test
    void citesThePassageThatAnswers() {
        String a = answerer.answer(Prompts.build("How tall is the Eiffel Tower?"));
        assertThat(a).contains("330 metres tall [2]").doesNotContain("[1]").doesNotContain("[3]");
        String b = answerer.answer(Prompts.build("What does the Rust borrow checker prevent?"));
        assertThat(b).contains("data races").contains("[3]");
    }

    @Test
    void saysItDoesNotKnowForAnUnrelatedQuestion() {
        for (String q : List.of("Who won the 1998 football World Cup?", "What is the best recipe for lasagna?")) {
            assertThat(answerer.answer(Prompts.build(q))).as(q).isEqualTo(ExtractiveAnswerer.I_DONT_KNOW);
        }
        assertThat(answerer.answer("Question: anything?\nAnswer:")).isEqualTo(ExtractiveAnswerer.I_DONT_KNOW);
    }

    @Test
    void isDeterministic() {
        String prompt = Prompts.build("When was the Eiffel Tower completed?");
        assertThat(answerer.answer(prompt)).isEqualTo(answerer.answer(prompt)).contains("[2]");
    }

    @Test
    void citationGoesBeforeTheFinalPunctuation() {
        assertThat(ExtractiveAnswerer.cite("It is tall.", 2)).isEqualTo("It is tall [2].");
        assertThat(ExtractiveAnswerer.cite("Is it tall?", 1)).isEqualTo("Is it tall [1]?");
        assertThat(ExtractiveAnswerer.cite("No punctuation", 3)).isEqualTo("No punctuation [3].");
    }
}
