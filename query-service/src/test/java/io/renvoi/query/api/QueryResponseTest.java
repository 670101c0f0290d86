package io.renvoi.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.query.resolve.PassageStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-text rendering of an answer ({@code Accept: text/plain}): the answer, its sources, what was dropped. */
class QueryResponseTest {

    @Test
    void listsSourcesByNumberAndDroppedOnesByUrl() {
        QueryResponse r = new QueryResponse(
                "Augustin Fresnel, in 1822 [1].",
                List.of(
                        new QueryResponse.Citation(
                                1,
                                "d1",
                                "http://127.0.0.1/fresnel.html",
                                "The 100% lens",
                                PassageStatus.VERIFIED,
                                "passage",
                                Instant.EPOCH),
                        new QueryResponse.Citation(
                                2, "d2", "http://127.0.0.1/x", null, PassageStatus.CACHED, "p", Instant.EPOCH)),
                List.of(new QueryResponse.Dropped("http://127.0.0.1/gone.html", PassageStatus.GONE)));

        assertThat(r.toText()).isEqualTo("""
                        Augustin Fresnel, in 1822 [1].

                        Sources:
                          [1] The 100% lens - http://127.0.0.1/fresnel.html (verified)
                          [2] (untitled) - http://127.0.0.1/x (cached)

                        Dropped (could not be verified):
                          http://127.0.0.1/gone.html (gone)
                        """);
    }

    @Test
    void anAnswerWithoutSourcesIsTheAnswerAlone() {
        assertThat(new QueryResponse("I don't know.", List.of(), List.of()).toText())
                .isEqualTo("I don't know.\n");
    }
}
