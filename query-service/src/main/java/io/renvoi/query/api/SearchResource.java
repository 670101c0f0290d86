package io.renvoi.query.api;

import io.renvoi.common.auth.Caller;
import io.renvoi.common.auth.CurrentCaller;
import io.renvoi.common.auth.RequiresScope;
import io.renvoi.common.auth.Scope;
import io.renvoi.query.retrieval.ChunkSearcher;
import io.renvoi.query.retrieval.Hit;
import io.renvoi.query.retrieval.SearchSpec;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
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
@RequiresScope(Scope.QUERY)
@Blocking
public class SearchResource {
    @Inject
    ChunkSearcher searcher;

    @Inject
    SearchValidator validator;

    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SearchResponse search(SearchRequest body) throws IOException {
        SearchSpec spec = validator.validate(body);
        Caller who = caller.get();
        spec.filters().collections().forEach(who::requireCollection); // every collection searched, before any is read
        List<Hit> hits = searcher.search(spec);
        return new SearchResponse(hits.stream()
                .map(h -> new SearchResponse.SearchHit(
                        h.docId(), h.url(), h.title(), h.ord(), h.start(), h.end(), h.score()))
                .toList());
    }
}
