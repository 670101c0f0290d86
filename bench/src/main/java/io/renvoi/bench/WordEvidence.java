package io.renvoi.bench;

import io.renvoi.common.index.QuestionWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.core.StopFilterFactory;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilterFactory;
import org.apache.lucene.analysis.en.PorterStemFilterFactory;
import org.apache.lucene.analysis.standard.StandardTokenizerFactory;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * query-service's word check ({@code WordEvidence} there) without OpenSearch: whether a passage holds a question's
 * words, judged on the terms of the chunk text's analyzer ({@code chunk_text} in rag-chunks.json: standard tokenizer,
 * English possessive, lower case, English stop words, Porter stemmer) rebuilt with Lucene 9.12 (9.12.3 here;
 * OpenSearch 2.19.1 ships 9.12.1, with the same filters),
 * and the same rule as the service's {@code match} query with {@code minimum_should_match: -25%}.
 */
final class WordEvidence {
    private final Analyzer analyzer;

    WordEvidence() {
        try {
            analyzer = CustomAnalyzer.builder()
                    .withTokenizer(StandardTokenizerFactory.NAME)
                    .addTokenFilter(EnglishPossessiveFilterFactory.NAME)
                    .addTokenFilter(LowerCaseFilterFactory.NAME)
                    .addTokenFilter(StopFilterFactory.NAME) // no word list: Lucene's English stop words
                    .addTokenFilter(PorterStemFilterFactory.NAME)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analysed terms of {@code text}, in order, repeats included. */
    List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The analysed terms of {@code text}. */
    Set<String> terms(String text) {
        return new LinkedHashSet<>(tokens(text));
    }

    /**
     * The terms a passage must hold for {@code question}: its {@link QuestionWords#content} analysed, repeats
     * included (OpenSearch's {@code match} makes a clause of each token).
     */
    List<String> questionTerms(String question) {
        return tokens(QuestionWords.content(question));
    }

    /**
     * Whether {@code passage} holds the question's terms as {@code minimum_should_match: -25%} asks: all of them, but
     * one in four may be missing (rounded down: all of up to three terms, three of four). No terms: no.
     */
    static boolean holds(Set<String> passage, List<String> question) {
        int n = question.size();
        if (n == 0) return false;
        long held = question.stream().filter(passage::contains).count();
        return held >= n - n / 4;
    }

    /** The analysed terms of each passage. */
    List<Set<String>> termsOf(List<String> passages) {
        return passages.stream().map(this::terms).toList();
    }
}
