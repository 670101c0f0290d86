package io.renvoi.query.answer;

import io.renvoi.query.resolve.ResolvedPassage;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the LLM prompt: an instruction to answer only from the numbered passages and cite them as [n],
 * the passages numbered from 1 within a character budget, then the question. triton-local's extractive
 * answerer parses exactly this layout ("Passages:", "[n] (title) text", "Question:", "Answer:").
 */
public final class PromptBuilder {
    private final int budgetChars;

    public PromptBuilder(int budgetChars) {
        this.budgetChars = budgetChars;
    }

    /** The prompt and the passages it numbers (passage n is at index n - 1). */
    public record Prompt(String text, List<ResolvedPassage> passages) {}

    public Prompt build(String question, List<ResolvedPassage> usable) {
        StringBuilder sb = new StringBuilder();
        sb.append("Answer the question using only the numbered passages below. Cite every passage you use as [n]. ")
                .append("If the passages do not answer the question, say that you do not know.\n\n")
                .append("Passages:\n");
        List<ResolvedPassage> numbered = new ArrayList<>();
        int used = 0;
        for (ResolvedPassage p : usable) {
            String text = p.text().replace('\n', ' ').strip();
            if (!numbered.isEmpty() && used + text.length() > budgetChars) {
                break;
            }
            numbered.add(p);
            used += text.length();
            sb.append('[').append(numbered.size()).append("] ");
            if (p.hit().title() != null && !p.hit().title().isBlank()) {
                sb.append('(').append(p.hit().title().replace('\n', ' ').replace(')', ']')).append(") ");
            }
            sb.append(text).append('\n');
        }
        sb.append("\nQuestion: ").append(question.replace('\n', ' ').strip()).append("\nAnswer:");
        return new Prompt(sb.toString(), numbered);
    }
}
