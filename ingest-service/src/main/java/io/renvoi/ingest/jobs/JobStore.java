package io.renvoi.ingest.jobs;

import static io.renvoi.common.index.Queries.allOf;
import static io.renvoi.common.index.Queries.term;
import static io.renvoi.common.index.Queries.terms;

import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.index.OpenSearchClientProducer;
import io.renvoi.common.index.ResponseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.util.ObjectBuilder;

/**
 * Job progress in the OpenSearch index {@value #INDEX} (owned by ingest-service): one job document
 * ({@code job:{jobId}}: collection, total) and one outcome document per URL ({@code {jobId}:{docId}}:
 * url, state, reason), written idempotently with the state's rank as external version. Counts are
 * aggregations over the outcome documents, so every replica sees the same progress and nothing is lost
 * when a replica restarts. URLs with no outcome document yet are queued.
 */
@ApplicationScoped
public class JobStore {
    public static final String INDEX = "rag-jobs";
    /** The alias {@value #INDEX} over {@code rag-jobs-v1}, created from its mapping resource. */
    public static final IndexDefinition DEFINITION =
            IndexDefinition.of("jobs", INDEX, 1, JobStore.class, "/io/renvoi/ingest/jobs/rag-jobs.json");
    /** What a job id looks like: a random UUID, as {@code JobSubmission} makes it. */
    public static final Pattern JOB_ID = Pattern.compile("[0-9a-f-]{36}");

    private static final Logger LOG = Logger.getLogger(JobStore.class);
    /** At most this many failures are listed in a status; the count is always exact. */
    static final int LISTED_FAILURES = 1000;
    /** Frontier reports older than this are ignored (their replica stopped or its queues emptied). */
    static final long FRESH_REPORT_MS = 10_000;

    private final OpenSearchClient client;
    /** Made sure of before the first write (never let a write auto-create it). */
    private final EnsuredIndex index;

    public JobStore(RestClient client) {
        this.client = OpenSearchClientProducer.typed(client);
        this.index = new EnsuredIndex(client, DEFINITION);
    }

    /** Creates the index at start-up when missing; not fatal, since the first write tries again. */
    void onStart(@Observes StartupEvent event) {
        try {
            index.ensure();
        } catch (IOException e) {
            LOG.warnf("cannot create %s yet: %s", INDEX, e.getMessage());
        }
    }

    /** Records a new job; its URLs start queued. */
    public void create(String jobId, String collection, int total) {
        write(jobId, collection, total, false);
    }

    /** Records a job whose URLs are still being read (from a sitemap): not done until {@link #resolved}. */
    public void createResolving(String jobId, String collection) {
        write(jobId, collection, 0, true);
    }

    /** The job's URLs are known and published: {@code total} of them. */
    public void resolved(String jobId, String collection, int total) {
        write(jobId, collection, total, false);
    }

    /** The job failed as a whole (e.g. its sitemap could not be read); it is done, with this error. */
    public void failJob(String jobId, String collection, String error, String detail) {
        put(jobDocId(jobId), JobDocuments.Job.of(jobId, collection, 0, false).failed(error, detail), true);
    }

    /**
     * Records what waits in one replica's frontier for a job: how many URLs and when the last is expected to
     * start (epoch millis). Status readers combine the fresh reports of all replicas.
     */
    public void reportBacklog(String jobId, String replica, int queued, long etaAt) {
        put( // a report is read seconds later: no refresh to wait for
                "frontier:" + jobId + ":" + replica,
                JobDocuments.FrontierReport.of(jobId, replica, queued, etaAt),
                false);
    }

    private void write(String jobId, String collection, int total, boolean resolving) {
        put(jobDocId(jobId), JobDocuments.Job.of(jobId, collection, total, resolving), true);
    }

    /** @param waitForRefresh the write is visible to searches when this returns (a job a client polls at once) */
    private void put(String id, Object doc, boolean waitForRefresh) {
        try {
            index.ensure();
            client.index(i -> i.index(INDEX).id(id).document(doc).refresh(waitForRefresh ? Refresh.WaitFor : null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records where a URL of a job stands; a lower-ranked state never replaces a higher one. */
    public void record(String jobId, String docId, String url, UrlState state, String reason, String detail) {
        if (jobId == null || jobId.isBlank()) {
            return; // link-checker re-checks and other requests without a job
        }
        JobDocuments.UrlOutcome doc = JobDocuments.UrlOutcome.of(jobId, docId, url, state, reason, detail);
        try {
            client.index(i -> i.index(INDEX)
                    .id(jobId + ":" + docId)
                    .version((long) state.rank())
                    .versionType(VersionType.ExternalGte)
                    .document(doc));
        } catch (OpenSearchException | IOException e) {
            if (!ResponseStatus.conflict(e)) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (OpenSearchException) e;
            }
            // 409: a later state is already recorded; keep it.
        }
    }

    /** The job's progress, or empty when there is no such job. */
    public Optional<JobStatus> find(String jobId) {
        JobDocuments.Job job = get(jobDocId(jobId));
        if (job == null) {
            return Optional.empty();
        }
        String error = job.errorText();
        Map<String, Integer> byState = outcomesByState(List.of(jobId)).getOrDefault(jobId, Map.of());
        JobProgress progress = JobProgress.of(job.total(), job.resolving(), error != null, byState);
        List<JobStatus.Failure> failures =
                progress.failedCount() == 0 ? List.of() : failures(jobId, progress.failedCount());
        return Optional.of(new JobStatus(
                jobId, job.collection(), progress, failures, progress.done() ? null : etaSeconds(jobId), error));
    }

    /** How many URL outcomes of each of {@code jobIds} are in each state (one aggregation); a job without any: absent. */
    Map<String, Map<String, Integer>> outcomesByState(List<String> jobIds) {
        SearchResponse<Void> counted = search(
                s -> s.size(0)
                        .query(allOf(term("kind", "url"), terms("job_id", jobIds)))
                        .aggregations(
                                "jobs",
                                a -> a.terms(t -> t.field("job_id").size(jobIds.size()))
                                        .aggregations(
                                                "states",
                                                st -> st.terms(
                                                        t -> t.field("state").size(10)))),
                Void.class);
        Map<String, Map<String, Integer>> out = new HashMap<>();
        for (StringTermsBucket job :
                counted.aggregations().get("jobs").sterms().buckets().array()) {
            Map<String, Integer> states = new HashMap<>();
            for (StringTermsBucket state :
                    job.aggregations().get("states").sterms().buckets().array()) {
                states.put(state.key(), (int) state.docCount());
            }
            out.put(job.key(), states);
        }
        return out;
    }

    /** Seconds until the job's last queued URL starts, by the fresh frontier reports of every replica; null if none. */
    private Long etaSeconds(String jobId) {
        long now = System.currentTimeMillis();
        SearchResponse<Void> reports = search(
                s -> s.size(0)
                        .trackTotalHits(t -> t.enabled(true))
                        .query(allOf(
                                term("job_id", jobId),
                                term("kind", "frontier"),
                                Query.of(q -> q.range(r -> r.field("updated_at")
                                        .gte(org.opensearch.client.json.JsonData.of(now - FRESH_REPORT_MS)))),
                                Query.of(q ->
                                        q.range(r -> r.field("queued").gt(org.opensearch.client.json.JsonData.of(0))))))
                        .aggregations("eta", a -> a.max(m -> m.field("eta_at"))),
                Void.class);
        if (reports.hits().total() == null || reports.hits().total().value() == 0) {
            return null; // (the client reads a max over no report as 0)
        }
        long etaAt = (long) reports.aggregations().get("eta").max().value();
        return Math.max(0, (etaAt - now + 999) / 1000);
    }

    private List<JobStatus.Failure> failures(String jobId, int count) {
        SearchResponse<JobDocuments.UrlOutcome> found = search(
                s -> s.size(Math.min(count, LISTED_FAILURES))
                        .sort(o -> o.field(f -> f.field("url").order(SortOrder.Asc)))
                        .source(src -> src.filter(f -> f.includes("url", "reason")))
                        .query(allOf(term("job_id", jobId), term("state", "failed"))),
                JobDocuments.UrlOutcome.class);
        return found.hits().hits().stream()
                .map(hit ->
                        new JobStatus.Failure(hit.source().url(), hit.source().reason()))
                .toList();
    }

    private JobDocuments.Job get(String id) {
        try {
            GetResponse<JobDocuments.Job> doc = client.get(g -> g.index(INDEX).id(id), JobDocuments.Job.class);
            return doc.found() ? doc.source() : null;
        } catch (OpenSearchException | IOException e) {
            if (ResponseStatus.notFound(e)) {
                return null; // no index yet: no job
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (OpenSearchException) e;
        }
    }

    private <T> SearchResponse<T> search(
            Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> request, Class<T> type) {
        try {
            return client.search(s -> request.apply(s.index(INDEX)), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jobDocId(String jobId) {
        return "job:" + jobId;
    }
}
