package io.renvoi.common.index;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The words of a question that a passage answering it would contain: the question without the interrogatives,
 * auxiliaries and pronouns every question has ("How much does a family ticket cost?" leaves "a family ticket
 * cost?"). The rest is left to the chunk text's own analyzer ({@link ChunkIndex#TEXT_ANALYZER}: tokens, English stop
 * words, stemming), so words are split on white space only and passed on as written ({@code 8.50} stays one term); a
 * few words the analyzer drops anyway (is, are, there) are listed too, so the list reads as the question words
 * they are. Reads nothing.
 */
public final class QuestionWords {
    private static final Set<String> NOT_ASKED = Set.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "much", "many", "do", "does", "did",
            "can", "could", "should", "would", "shall", "may", "might", "must", "am", "is", "are", "was", "were", "be",
            "been", "have", "has", "had", "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "him", "her",
            "his", "its", "they", "them", "their", "there", "here", "please", "tell", "what's", "who's", "where's",
            "when's", "how's", "why's");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private QuestionWords() {}

    /**
     * The question's words in their order, as written, without those above (compared in lower case, without the
     * punctuation around them, either apostrophe); may be empty.
     */
    public static String content(String question) {
        return Arrays.stream(question.strip().split("\\s+"))
                .filter(w -> !w.isEmpty() && !NOT_ASKED.contains(bare(w)))
                .collect(Collectors.joining(" "));
    }

    /** The word in lower case, without leading and trailing punctuation, with a typographic apostrophe as {@code '}. */
    private static String bare(String word) {
        return EDGE_PUNCTUATION
                .matcher(word)
                .replaceAll("")
                .toLowerCase(Locale.ROOT)
                .replace('’', '\'');
    }
}
