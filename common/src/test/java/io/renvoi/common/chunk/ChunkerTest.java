package io.renvoi.common.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.hash.Sha256;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static String text(int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            sb.append("Sentence number ").append(i).append(" talks about lighthouses and their lenses. ");
            if (i % 5 == 4) sb.append("\n\n");
        }
        return sb.toString().strip();
    }

    @Test
    void chunksAreSentenceAlignedSlicesWithHashes() {
        String text = text(60);
        List<Chunk> chunks = new Chunker(300, 500, 80).chunk(text);
        assertThat(chunks).hasSizeGreaterThan(5);
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertThat(c.ord()).isEqualTo(i);
            assertThat(c.text()).isEqualTo(text.substring(c.start(), c.end()));
            assertThat(c.sha256()).isEqualTo(Sha256.hex(c.text()));
            assertThat(c.text().length()).isLessThanOrEqualTo(500);
            assertThat(c.text()).startsWith("Sentence number").endsWith(".");
        }
        // neighbours overlap by at least one sentence, and together they cover the whole text
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isLessThan(chunks.get(i - 1).end());
        }
        assertThat(chunks.get(0).start()).isZero();
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(text.length());
    }

    @Test
    void splitsAnOverlongSentenceAtSpaces() {
        String text = "word ".repeat(400).strip();
        List<Chunk> chunks = new Chunker(300, 500, 0).chunk(text);
        assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(500));
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(text.length());
    }

    @Test
    void shortTextIsOneChunk() {
        assertThat(Chunker.forMiniLm().chunk("Just one sentence."))
                .singleElement()
                .satisfies(c -> assertThat(c.text()).isEqualTo("Just one sentence."));
    }

    @Test
    void miniLmChunksFitTheModelWindowByItsOwnTokenizer() {
        TokenCounter counter = TokenCounter.miniLm();
        // Dense text: digits, symbols and CJK take many more word pieces per character than prose.
        String dense = ("The ratio was 0.731 (95% CI 0.612-0.874; p<0.001) for IL-6/TNF-\u03b1 in 12,345 patients. ")
                        .repeat(40)
                + "\u5149\u5b66\u900f\u955c".repeat(300) + " " + "x1y2z3".repeat(400);
        List<Chunk> chunks = Chunker.forMiniLm().chunk(dense);
        assertThat(chunks).hasSizeGreaterThan(5);
        for (Chunk c : chunks) {
            assertThat(counter.count(c.text())).as("chunk %d", c.ord()).isLessThanOrEqualTo(Chunker.MINILM_MAX_TOKENS);
            assertThat(c.text()).isEqualTo(dense.substring(c.start(), c.end()));
        }
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(dense.length());
    }
}
