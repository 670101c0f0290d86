package io.renvoi.common.index;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The words of a question that a passage answering it would contain: the question without the interrogatives,
 * auxiliaries and pronouns every question has ("How much does a family ticket cost?" leaves "family ticket cost").
 * The rest is left to the chunk text's own analyzer ({@link ChunkIndex#TEXT_ANALYZER}: English stop words,
 * stemming), so this list holds only what that analyzer keeps but a question does not ask about. Reads nothing.
 */
public final class QuestionWords {
    private static final Set<String> NOT_ASKED = Set.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "much", "many", "do", "does", "did",
            "can", "could", "should", "would", "shall", "may", "might", "must", "am", "is", "are", "was", "were", "be",
            "been", "have", "has", "had", "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "him", "her",
            "his", "its", "they", "them", "their", "there", "here", "please", "tell", "what's", "who's", "where's",
            "when's", "how's", "why's");

    private QuestionWords() {}

    /**
     * The question's words in their order, without those above (compared in lower case, either apostrophe); may
     * be empty.
     */
    public static String content(String question) {
        return Arrays.stream(question.split("[^\\p{L}\\p{N}'’-]+"))
                .filter(w -> !w.isEmpty()
                        && !NOT_ASKED.contains(w.toLowerCase(Locale.ROOT).replace('’', '\'')))
                .collect(Collectors.joining(" "));
    }
}
