package io.renvoi.query.api;

import io.renvoi.query.QueryConfig;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.SearchMode;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;

/** {@code POST /api/v1/search}: retrieval only (no LLM, no re-reading), for evaluation and debugging. */
@Path("/api/v1/search")
@Blocking
public class SearchResource {
    private final ChunkSearcher searcher;
    private final RequestValidator validator;

    SearchResource(ChunkSearcher searcher, QueryConfig config) {
        this.searcher = searcher;
        this.validator = new RequestValidator(config);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SearchResponse search(SearchRequest body) throws IOException {
        RequestValidator.ValidSearch valid = validator.search(body);
        List<Hit> hits = searcher.search(valid.query(), valid.collections(), valid.k(), valid.mode());
        return new SearchResponse(hits.stream()
                .map(h -> new SearchResponse.SearchHit(h.docId(), h.url(), h.title(), h.ord(), h.start(), h.end(), h.score()))
                .toList());
    }
}
