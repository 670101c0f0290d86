package io.renvoi.query.api;

import io.renvoi.query.QueryConfig;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.RetrievalConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /api/v1/search}: retrieval only (no LLM, no re-reading), for evaluation and debugging. Reads
 * rag-chunks through {@link ChunkSearcher}; answers references, never text.
 */
@Path("/api/v1/search")
@Blocking
public class SearchResource {
    private final ChunkSearcher searcher;
    private final SearchValidator validator;

    SearchResource(ChunkSearcher searcher, QueryConfig config, RetrievalConfig retrieval) {
        this.searcher = searcher;
        this.validator = new SearchValidator(config, retrieval, searcher.defaultFusion());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SearchResponse search(SearchRequest body) throws IOException {
        List<Hit> hits = searcher.search(validator.validate(body));
        return new SearchResponse(hits.stream()
                .map(h -> new SearchResponse.SearchHit(h.docId(), h.url(), h.title(), h.ord(), h.start(), h.end(), h.score()))
                .toList());
    }
}
