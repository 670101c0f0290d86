package io.renvoi.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.query.answer.AnswerService;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.SearchMode;
import io.renvoi.query.retrieval.WordEvidence;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The relevance gate's second chance: a passage below the cosine threshold but above the floor is relevant when it
 * holds the question's words, judged by rag-chunks' own analyzer (stemming, stop words) on the indexed, unstored
 * text. The page is the demo site's visit page, where the default model's cosine alone refused price questions.
 */
@QuarkusTest
@QuarkusTestResource(TritonTestResource.class)
class WordEvidenceQuarkusTest {
    static final String VISIT = "The museum is open from April to October, Tuesday to Sunday, from 10:00 to 17:00."
            + " In winter it opens on weekends only, from 11:00 to 15:00. Tickets cost 8 euros for adults and 4 euros"
            + " for children; children under five visit free. A family ticket for two adults and up to three children"
            + " costs 20 euros. Guided tours of the lantern gallery run at 11:00 and 14:30 and are limited to twelve"
            + " people. The museum is a twenty-minute walk from Cape Averill harbour along the coastal path. There is"
            + " a small car park at the end of Harbour Road. The lantern gallery is reached by 117 steps and is not"
            + " accessible by wheelchair; the ground-floor galleries are step-free.";
    static final String LENS = "The Fresnel lens was invented by the French physicist Augustin-Jean Fresnel in 1822.";
    static final String COLLECTION = "qa-words-" + AnswerPathQuarkusTest.RUN;

    static LoopbackSite site;
    static ChunkFixture.Indexed visit;
    static ChunkFixture.Indexed lens;

    @Inject
    Embedder embedder;

    @Inject
    WordEvidence words;

    @Inject
    ChunkSearcher searcher;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private void indexPages() {
        if (site == null) {
            site = LoopbackSite.start();
            ChunkFixture fixture = ChunkFixture.onTestOpenSearch(embedder);
            visit = fixture.page(site, "/visit", COLLECTION, "Plan Your Visit", List.of(VISIT));
            lens = fixture.page(site, "/lens", COLLECTION, "The Fresnel Lens", List.of(LENS));
        }
    }

    @Test
    void aPassageHoldsAQuestionsWordsAsTheIndexAnalysesThem() throws Exception {
        indexPages();
        Hit visitHit = hit(visit);
        Hit lensHit = hit(lens);
        List<Hit> both = List.of(visitHit, lensHit);
        // stemmed: family -> famili, costs -> cost; the question's own words (how, much, does) are not asked for
        assertThat(words.holding("How much does a family ticket cost?", both)).containsExactly(visitHit.chunkId());
        assertThat(words.holding("How much is a ticket for an adult?", both)).containsExactly(visitHit.chunkId());
        // three of four words: one in four may be missing ("pay")
        assertThat(words.holding("Do children under five pay?", both)).containsExactly(visitHit.chunkId());
        // two of four (open, Sunday; no library, no hours): not held
        assertThat(words.holding("What are the opening hours of the library on Sunday?", both))
                .isEmpty();
        // only the chunks given are judged
        assertThat(words.holding("Who invented the Fresnel lens?", both)).containsExactly(lensHit.chunkId());
        assertThat(words.holding("Who invented the Fresnel lens?", List.of(visitHit)))
                .isEmpty();
        // nothing but question words: nothing to hold
        assertThat(words.holding("What is it?", both)).isEmpty();
    }

    @Test
    void aShortQuestionAboutOneFactOfALongPassageIsAnswered() throws Exception {
        JsonNode answer = askBetweenFloorAndThreshold("How much does a family ticket cost?");
        assertThat(answer.get("answer").asText()).isNotEqualTo(AnswerService.DONT_KNOW);
        assertThat(answer.get("citations")).isNotEmpty();
        assertThat(answer.get("citations").get(0).get("url").asText()).isEqualTo(site.url("/visit"));
    }

    @Test
    void aQuestionNearThePassageWithoutItsWordsIsStillRefused() throws Exception {
        // one of its four words (euro) is on the page: not enough
        JsonNode answer = askBetweenFloorAndThreshold("What is the exchange rate of the euro to the dollar?");
        assertThat(answer.get("answer").asText()).isEqualTo(AnswerService.DONT_KNOW);
        assertThat(answer.get("citations")).isEmpty();
    }

    /**
     * Asks {@code question} after checking it is the case at stake: its best hit's cosine, as the service computes it
     * (the question's vector against the index's), is under the threshold and at the floor or more.
     */
    private JsonNode askBetweenFloorAndThreshold(String question) throws Exception {
        indexPages();
        EmbeddingModel model = embedder.model();
        double best = searcher.search(question, List.of(COLLECTION), 5, SearchMode.HYBRID).stream()
                .mapToDouble(Hit::similarity)
                .filter(s -> !Double.isNaN(s))
                .max()
                .orElseThrow();
        assertThat(best).as("best cosine of %s", question).isGreaterThanOrEqualTo(model.relevanceFloor());
        assertThat(best).as("best cosine of %s", question).isLessThan(model.relevanceThreshold());
        return AnswerPathQuarkusTest.ask(COLLECTION, question);
    }

    private static Hit hit(ChunkFixture.Indexed doc) {
        ChunkRef c = doc.chunks().get(0);
        return new Hit(
                doc.docId(), doc.url(), "", c.ord(), c.start(), c.end(), 1, 0.5, c.sha256(), doc.extractorVersion());
    }
}
