package io.renvoi.ingest.jobs;

import static io.renvoi.common.index.Queries.allOf;
import static io.renvoi.common.index.Queries.collectionsIn;
import static io.renvoi.common.index.Queries.term;

import io.renvoi.common.index.ResponseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Lists the newest jobs of {@value JobStore#INDEX} for a collection, or for the collections an API key may use
 * (exact names or {@code prefix-*}), with their {@link JobProgress}: one search for the job documents, then
 * {@link JobStore#outcomesByState} for their URL outcomes. Reads only.
 */
@ApplicationScoped
public class RecentJobs {
    @Inject
    OpenSearchClient client;

    @Inject
    JobStore store;

    /**
     * @param collection one collection, or null for all of {@code patterns}
     * @param patterns the caller's collections, or null for every collection (an admin key)
     * @param limit at most this many jobs, newest first
     */
    public List<JobSummary> newest(String collection, List<String> patterns, int limit) {
        List<Query> filter = new ArrayList<>(List.of(term("kind", "job")));
        if (collection != null) filter.add(term("collection", collection));
        if (patterns != null) filter.add(collectionsIn(patterns));
        SearchResponse<JobDocuments.Job> found = search(
                SearchRequest.of(s -> s.index(JobStore.INDEX)
                        .size(limit)
                        .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("job_id").order(SortOrder.Asc)))
                        .query(allOf(filter))),
                JobDocuments.Job.class);
        if (found == null) return List.of(); // no job was ever written: the index does not exist yet
        List<JobDocuments.Job> jobs = found.hits().hits().stream()
                .map(Hit::source)
                .filter(Objects::nonNull)
                .toList();
        if (jobs.isEmpty()) return List.of();
        Map<String, Map<String, Integer>> byJob =
                store.outcomesByState(jobs.stream().map(JobDocuments.Job::jobId).toList());
        return jobs.stream()
                .map(job -> new JobSummary(
                        job.jobId(),
                        job.collection(),
                        job.createdAt(),
                        JobProgress.of(
                                job.total(),
                                job.resolving(),
                                job.error() != null,
                                byJob.getOrDefault(job.jobId(), Map.of())),
                        job.error()))
                .toList();
    }

    /** The search's answer, or null when the index is missing. */
    private <T> SearchResponse<T> search(SearchRequest request, Class<T> type) {
        try {
            return client.search(request, type);
        } catch (OpenSearchException | IOException e) {
            if (ResponseStatus.notFound(e)) return null;
            throw e instanceof IOException io ? new UncheckedIOException(io) : (OpenSearchException) e;
        }
    }
}
