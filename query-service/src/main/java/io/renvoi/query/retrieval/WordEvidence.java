package io.renvoi.query.retrieval;

import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.index.QuestionWords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch.core.SearchResponse;

/**
 * Which of some retrieved chunks hold a question's words, judged on the indexed (unstored) chunk text by the index's
 * own analyzer: one search on the rag-chunks alias, restricted to those chunks' ids, for the question's {@link
 * QuestionWords#content} with {@code minimum_should_match: -25%} (every word, but one in four may be missing: all of
 * up to three, three of four). Reads rag-chunks; returns chunk ids. bench/relevance-threshold measures the same rule
 * with the same analyzer rebuilt in Lucene.
 */
@ApplicationScoped
public class WordEvidence {
    /** How many of a question's words may be missing from a passage that holds them. */
    static final String MISSING_ALLOWED = "-25%";

    @Inject
    OpenSearchClient client;

    /** The chunk ids ({@link Hit#chunkId()}) among {@code hits} whose text holds the question's words. */
    public Set<String> holding(String question, List<Hit> hits) throws IOException {
        String words = QuestionWords.content(question);
        List<String> ids = hits.stream().map(Hit::chunkId).distinct().toList();
        if (words.isBlank() || ids.isEmpty()) {
            return Set.of();
        }
        SearchResponse<Void> response = client.search(
                s -> s.index(ChunkIndex.ALIAS)
                        .ignoreUnavailable(true)
                        .size(ids.size())
                        .source(src -> src.fetch(false))
                        .trackTotalHits(t -> t.enabled(false))
                        .query(q -> q.bool(b -> b.filter(f -> f.ids(i -> i.values(ids)))
                                .must(m -> m.match(t -> t.field(ChunkIndex.TEXT)
                                        .query(FieldValue.of(words))
                                        .minimumShouldMatch(MISSING_ALLOWED))))),
                Void.class);
        return response.hits().hits().stream()
                .map(org.opensearch.client.opensearch.core.search.Hit::id)
                .collect(Collectors.toUnmodifiableSet());
    }
}
