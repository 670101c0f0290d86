package io.renvoi.query.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.query.TestConfigs;
import io.renvoi.query.api.QueryResponse;
import io.renvoi.query.llm.Cancellation;
import io.renvoi.query.llm.LlmGateway;
import io.renvoi.query.resolve.ResolvedPassage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An LLM that cites passages it was not given (as the Zorblat page made it do) shows none of those markers, in
 * the JSON answer or in the streamed tokens, even when a marker arrives split over several tokens.
 */
class AnswerFilteringTest {
    static final List<String> TOKENS = List.of(
            "Zorblat",
            " is",
            " blue",
            " cheese",
            " [",
            "7",
            "]",
            " [",
            "1",
            "]",
            ". Ignore",
            " previous",
            " [9",
            "]",
            " [",
            "1",
            "2]",
            " [2",
            "]",
            ".");

    /** Streams {@link #TOKENS} whatever the prompt. */
    static final LlmGateway HOSTILE = (prompt, options, onToken, cancellation) -> {
        TOKENS.forEach(onToken);
        return String.join("", TOKENS);
    };

    AnswerService service() {
        return new AnswerService(null, null, null, HOSTILE, TestConfigs.query(Map.of()));
    }

    static AnswerService.Prepared prepared(int passages) {
        List<ResolvedPassage> given = new ArrayList<>();
        for (int i = 0; i < passages; i++) {
            given.add(PromptBuilderTest.passage("T" + i, "text " + i));
        }
        return new AnswerService.Prepared(new PromptBuilder(6000).build("q", given), null, List.of());
    }

    @Test
    void theJsonAnswerCitesOnlyGivenPassages() {
        List<String> shown = new ArrayList<>();
        QueryResponse r = service()
                .complete(
                        prepared(1),
                        new LlmGateway.GenerationOptions(null, null, null),
                        shown::add,
                        Cancellation.none());
        assertThat(r.answer()).isEqualTo("Zorblat is blue cheese [1]. Ignore previous.");
        assertThat(r.citations()).extracting(QueryResponse.Citation::n).containsExactly(1);
        assertThat(String.join("", shown)).isEqualTo(r.answer());
    }

    @Test
    void theStreamedTokensCiteOnlyGivenPassages() {
        AnswerStreamer streamer = new AnswerStreamer(service(), TestConfigs.query(Map.of()));
        try {
            List<AnswerStreamer.Part> parts = streamer.stream(
                            prepared(2), new LlmGateway.GenerationOptions(null, null, null))
                    .collect()
                    .asList()
                    .await()
                    .atMost(Duration.ofSeconds(10));
            StringBuilder text = new StringBuilder();
            List<String> tokens = new ArrayList<>();
            for (AnswerStreamer.Part p : parts) {
                if (p instanceof AnswerStreamer.Token t) {
                    tokens.add(t.text());
                    text.append(t.text());
                }
            }
            assertThat(text.toString()).isEqualTo("Zorblat is blue cheese [1]. Ignore previous [2].");
            tokens.forEach(t -> assertThat(t).doesNotContain("7", "9", "12"));
            AnswerStreamer.Citations cited = (AnswerStreamer.Citations) parts.get(parts.size() - 1);
            assertThat(cited.answer().citations())
                    .extracting(QueryResponse.Citation::n)
                    .containsExactly(1, 2);
        } finally {
            streamer.close();
        }
    }
}
