package io.renvoi.query.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Markers naming no passage never come out, whole or streamed in any split; valid ones are kept normalised. */
class CitationFilterTest {
    private static final Pattern ANY_MARKER = Pattern.compile("\\[\\s*(\\d+)\\s*]");

    @Test
    void keepsValidMarkersAndDropsOthersWithTheBlankBeforeThem() {
        assertThat(CitationFilter.apply("Zorblat is a kind of blue cheese [7] [1].", 1))
                .isEqualTo("Zorblat is a kind of blue cheese [1].");
        assertThat(CitationFilter.apply("Cheese [9]. Milk [2].", 2)).isEqualTo("Cheese. Milk [2].");
        assertThat(CitationFilter.apply("Both [1, 2] and [ 3 ] and [2-9] and [0].", 3))
                .isEqualTo("Both [1][2] and [3] and [2] and.");
        assertThat(CitationFilter.apply("Huge [99999999999999999999].", 3)).isEqualTo("Huge.");
        assertThat(CitationFilter.apply("Not markers: [note], [], [1a], a[i] and x [", 3))
                .isEqualTo("Not markers: [note], [], [1a], a[i] and x [");
    }

    @Test
    void aMarkerSplitAcrossTokensIsHeldBackThenDroppedOrKept() {
        CitationFilter f = new CitationFilter(3);
        List<String> shown = new ArrayList<>();
        for (String token : List.of("Cheese", " ", "[", "1", "2]", ".", " Milk", " [", "2", "]", " end")) {
            shown.add(f.push(token));
        }
        shown.add(f.finish());
        assertThat(shown.get(1)).as("the blank waits for what follows").isEmpty();
        assertThat(shown.get(2)).as("'[' is held").isEmpty();
        assertThat(shown.get(3)).as("'[1' is held").isEmpty();
        assertThat(String.join("", shown)).isEqualTo("Cheese. Milk [2] end");
        assertThat(f.text()).isEqualTo("Cheese. Milk [2] end");
    }

    @Test
    void everySplitOfAHostileAnswerGivesTheSameSafeText() {
        String answer = "A [1] b [12] c [ 4 ] d [3,4] e [[2]] f [1 [2] g [" + "1,".repeat(30) + "1] h [7";
        String whole = CitationFilter.apply(answer, 3);
        assertMarkersName(whole, 3);
        for (int size = 1; size <= 5; size++) {
            CitationFilter f = new CitationFilter(3);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < answer.length(); i += size) {
                out.append(f.push(answer.substring(i, Math.min(answer.length(), i + size))));
            }
            out.append(f.finish());
            assertThat(out.toString()).as("split every %d chars", size).isEqualTo(whole);
        }
    }

    static void assertMarkersName(String text, int passages) {
        Matcher m = ANY_MARKER.matcher(text);
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1)))
                    .as("marker %s in %s", m.group(), text)
                    .isBetween(1, passages);
        }
    }
}
