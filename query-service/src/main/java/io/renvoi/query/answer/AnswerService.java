package io.renvoi.query.answer;

import io.quarkus.runtime.Startup;
import io.renvoi.common.embed.EmbeddingModel;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.api.QueryResponse;
import io.renvoi.query.llm.Cancellation;
import io.renvoi.query.llm.LlmGateway;
import io.renvoi.query.resolve.ReferenceResolver;
import io.renvoi.query.resolve.ResolvedPassage;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.SearchMode;
import io.renvoi.query.retrieval.WordEvidence;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Answers a question: retrieves chunk references, resolves their passages (cache or source), and, when some
 * passage is relevant and usable, asks the LLM with a prompt of numbered passages; the answer lists the
 * passages it cites as [n] and the sources that were dropped. {@link #prepare} does everything before the
 * LLM, {@link #complete} the generation, so the streaming API can answer errors before it commits to a stream.
 */
@Startup // a bad prompt format fails the start, not every answer
@ApplicationScoped
public class AnswerService {
    public static final String DONT_KNOW =
            "I don't know: no indexed passage that could be verified answers this question.";
    private static final Logger LOG = Logger.getLogger(AnswerService.class);
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");

    private final ChunkSearcher searcher;
    private final ReferenceResolver resolver;
    private final LlmGateway llm;
    private final QueryConfig config;
    private final PromptBuilder prompts;
    private final WordEvidence words;
    private final double relevanceThreshold;
    private final double relevanceFloor;

    AnswerService(
            ChunkSearcher searcher,
            WordEvidence words,
            ReferenceResolver resolver,
            LlmGateway llm,
            QueryConfig config) {
        this.searcher = searcher;
        this.words = words;
        this.resolver = resolver;
        this.llm = llm;
        this.config = config;
        this.prompts = new PromptBuilder(
                config.promptBudgetChars(),
                PromptTemplate.of(config.prompt().format(), config.prompt().template()));
        this.relevanceThreshold = relevanceThreshold(config);
        this.relevanceFloor = Math.min(relevanceThreshold, relevanceFloor(config));
        LOG.infof(
                "relevance threshold %.3f (cosine), %.3f for a passage holding the question's words",
                relevanceThreshold, relevanceFloor);
    }

    /**
     * {@code renvoi.query.relevance-threshold} when set, else the configured embedding model's threshold (cosines
     * are not comparable across models).
     */
    static double relevanceThreshold(QueryConfig config) {
        return config.relevanceThreshold()
                .orElseGet(() -> EmbeddingModel.configured().relevanceThreshold());
    }

    /** {@code renvoi.query.relevance-floor} when set, else the configured embedding model's floor. */
    static double relevanceFloor(QueryConfig config) {
        return config.relevanceFloor()
                .orElseGet(() -> EmbeddingModel.configured().relevanceFloor());
    }

    /**
     * What the LLM will be asked, or the final answer when it need not be asked.
     *
     * @param prompt the prompt, or null when {@code answered} is the answer already (nothing relevant or usable)
     */
    public record Prepared(PromptBuilder.Prompt prompt, QueryResponse answered, List<QueryResponse.Dropped> dropped) {
        public boolean needsLlm() {
            return prompt != null;
        }
    }

    /** A whole answer (JSON and text modes). */
    public QueryResponse answer(String question, String collection, int k, LlmGateway.GenerationOptions options)
            throws IOException {
        Prepared prepared = prepare(question, collection, k);
        return prepared.needsLlm()
                ? complete(prepared, options, token -> {}, Cancellation.none())
                : prepared.answered();
    }

    /** Retrieval, relevance threshold and passage resolution. */
    public Prepared prepare(String question, String collection, int k) throws IOException {
        List<Hit> hits = searcher.search(question, List.of(collection), k, SearchMode.HYBRID);
        List<Hit> relevant = relevant(question, hits);
        if (relevant.isEmpty()) {
            return new Prepared(null, new QueryResponse(DONT_KNOW, List.of(), List.of()), List.of());
        }
        List<ResolvedPassage> resolved = resolver.resolve(relevant, collection);
        List<ResolvedPassage> usable =
                resolved.stream().filter(ResolvedPassage::usable).toList();
        Set<QueryResponse.Dropped> dropped = new LinkedHashSet<>();
        for (ResolvedPassage p : resolved) {
            if (!p.usable()) {
                dropped.add(new QueryResponse.Dropped(p.hit().url(), p.status()));
            }
        }
        List<QueryResponse.Dropped> droppedList = List.copyOf(dropped);
        if (usable.isEmpty()) {
            return new Prepared(null, new QueryResponse(DONT_KNOW, List.of(), droppedList), droppedList);
        }
        return new Prepared(prompts.build(question, usable), null, droppedList);
    }

    /**
     * The hits worth resolving, or none when nothing retrieved is relevant. Relevant: a cosine at the threshold or
     * more; when no hit has one, a cosine at the floor or more, provided one of those hits holds the question's
     * words (a short question about one fact of a long passage scores low on cosine alone: bench/README.md
     * "Relevance threshold per model"). Then every hit at the floor or more is relevant, and BM25-only hits (no
     * cosine) come along once some hit is relevant, as they do above the threshold.
     */
    List<Hit> relevant(String question, List<Hit> hits) throws IOException {
        double bar = relevanceThreshold;
        if (hits.stream().noneMatch(h -> h.similarity() >= relevanceThreshold)) {
            List<Hit> near =
                    hits.stream().filter(h -> h.similarity() >= relevanceFloor).toList();
            if (near.isEmpty() || words.holding(question, near).isEmpty()) {
                return List.of();
            }
            bar = relevanceFloor;
        }
        double atLeast = bar;
        return hits.stream()
                .filter(h -> Double.isNaN(h.similarity()) || h.similarity() >= atLeast)
                .toList();
    }

    /**
     * Asks the LLM; {@code onToken} receives the answer as it is generated, through a {@link CitationFilter}: a
     * citation marker naming no passage of the prompt reaches neither the tokens nor the answer.
     */
    public QueryResponse complete(
            Prepared prepared,
            LlmGateway.GenerationOptions options,
            Consumer<String> onToken,
            Cancellation cancellation) {
        int passages = prepared.prompt().passages().size();
        CitationFilter filter = new CitationFilter(passages);
        String generated = llm.generate(
                prepared.prompt().text(),
                options,
                token -> {
                    String shown = filter.push(token);
                    if (!shown.isEmpty()) {
                        onToken.accept(shown);
                    }
                },
                cancellation);
        String rest = filter.finish();
        if (!rest.isEmpty()) {
            onToken.accept(rest);
        }
        // the whole generation filtered at once: the same text as the tokens shown (the filter ignores the split)
        String answer = CitationFilter.apply(generated, passages).strip();
        return new QueryResponse(answer, citations(answer, prepared.prompt().passages()), prepared.dropped());
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
            out.add(new QueryResponse.Citation(
                    n,
                    p.hit().docId(),
                    p.hit().url(),
                    p.hit().title(),
                    p.status(),
                    p.text(),
                    Instant.ofEpochMilli(p.checkedAt())));
        }
        return out;
    }
}
