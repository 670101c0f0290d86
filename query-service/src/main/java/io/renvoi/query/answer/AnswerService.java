package io.renvoi.query.answer;

import io.renvoi.query.QueryConfig;
import io.renvoi.query.api.QueryResponse;
import io.renvoi.query.llm.LlmGateway;
import io.renvoi.query.resolve.ReferenceResolver;
import io.renvoi.query.resolve.ResolvedPassage;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.SearchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a question: retrieves chunk references, re-reads and verifies their passages, and, when some
 * passage is relevant, asks the LLM with a prompt of numbered passages; the answer lists the passages it
 * cites as [n] and the sources that were dropped.
 */
@ApplicationScoped
public class AnswerService {
    public static final String DONT_KNOW = "I don't know: no indexed passage that could be verified answers this question.";
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");

    private final ChunkSearcher searcher;
    private final ReferenceResolver resolver;
    private final LlmGateway llm;
    private final QueryConfig config;
    private final PromptBuilder prompts;

    AnswerService(ChunkSearcher searcher, ReferenceResolver resolver, LlmGateway llm, QueryConfig config) {
        this.searcher = searcher;
        this.resolver = resolver;
        this.llm = llm;
        this.config = config;
        this.prompts = new PromptBuilder(config.promptBudgetChars());
    }

    public QueryResponse answer(String question, String collection, int k, LlmGateway.GenerationOptions options,
            Consumer<String> onToken) throws IOException {
        List<Hit> hits = searcher.search(question, List.of(collection), k, SearchMode.HYBRID);
        List<Hit> relevant = hits.stream()
                .filter(h -> Double.isNaN(h.similarity()) || h.similarity() >= config.relevanceThreshold())
                .toList();
        boolean anyRelevant = relevant.stream().anyMatch(h -> !Double.isNaN(h.similarity()));
        if (!anyRelevant) {
            onToken.accept(DONT_KNOW);
            return new QueryResponse(DONT_KNOW, List.of(), List.of());
        }
        List<ResolvedPassage> resolved = resolver.resolve(relevant, collection);
        List<ResolvedPassage> usable = resolved.stream().filter(p -> p.status().usable()).toList();
        Set<QueryResponse.Dropped> dropped = new LinkedHashSet<>();
        for (ResolvedPassage p : resolved) {
            if (!p.status().usable()) {
                dropped.add(new QueryResponse.Dropped(p.hit().url(), p.status()));
            }
        }
        if (usable.isEmpty()) {
            onToken.accept(DONT_KNOW);
            return new QueryResponse(DONT_KNOW, List.of(), List.copyOf(dropped));
        }
        PromptBuilder.Prompt prompt = prompts.build(question, usable);
        String answer = llm.generate(prompt.text(), options, onToken).strip();
        return new QueryResponse(answer, citations(answer, prompt.passages()), List.copyOf(dropped));
    }

    /** The passages the answer cites, by their [n], each once, in number order. */
    static List<QueryResponse.Citation> citations(String answer, List<ResolvedPassage> numbered) {
        Set<Integer> cited = new TreeSet<>();
        Matcher m = CITATION.matcher(answer);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= numbered.size()) {
                cited.add(n);
            }
        }
        List<QueryResponse.Citation> out = new ArrayList<>();
        for (int n : cited) {
            ResolvedPassage p = numbered.get(n - 1);
            out.add(new QueryResponse.Citation(n, p.hit().docId(), p.hit().url(), p.hit().title(), p.status()));
        }
        return out;
    }
}
