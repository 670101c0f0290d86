package io.renvoi.ingest.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

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

    private static final Logger LOG = Logger.getLogger(JobStore.class);
    /** At most this many failures are listed in a status; the count is always exact. */
    static final int LISTED_FAILURES = 1000;
    /** Frontier reports older than this are ignored (their replica stopped or its queues emptied). */
    static final long FRESH_REPORT_MS = 10_000;

    private final RestClient client;
    /** Made sure of before the first write (never let a write auto-create it). */
    private final EnsuredIndex index;

    public JobStore(RestClient client) {
        this.client = client;
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
        ObjectNode doc = jobDoc(jobId, collection, 0, false).put("error", error);
        if (detail != null) doc.put("detail", shortened(detail));
        put(jobDocId(jobId), doc, true);
    }

    /**
     * Records what waits in one replica's frontier for a job: how many URLs and when the last is expected to
     * start (epoch millis). Status readers combine the fresh reports of all replicas.
     */
    public void reportBacklog(String jobId, String replica, int queued, long etaAt) {
        ObjectNode doc = JsonMapper.shared()
                .createObjectNode()
                .put("kind", "frontier")
                .put("job_id", jobId)
                .put("replica", replica)
                .put("queued", queued)
                .put("eta_at", etaAt)
                .put("updated_at", System.currentTimeMillis());
        put("frontier:" + jobId + ":" + replica, doc, false); // a report is read seconds later: no refresh to wait for
    }

    /** A failure detail as stored: at most 500 characters. */
    private static String shortened(String detail) {
        return detail.length() > 500 ? detail.substring(0, 500) : detail;
    }

    private void write(String jobId, String collection, int total, boolean resolving) {
        put(jobDocId(jobId), jobDoc(jobId, collection, total, resolving), true);
    }

    private ObjectNode jobDoc(String jobId, String collection, int total, boolean resolving) {
        return JsonMapper.shared()
                .createObjectNode()
                .put("kind", "job")
                .put("job_id", jobId)
                .put("collection", collection)
                .put("total", total)
                .put("resolving", resolving)
                .put("created_at", System.currentTimeMillis());
    }

    /** @param waitForRefresh the write is visible to searches when this returns (a job a client polls at once) */
    private void put(String id, ObjectNode doc, boolean waitForRefresh) {
        try {
            index.ensure();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Request put = new Request("PUT", "/" + INDEX + "/_doc/" + id);
        if (waitForRefresh) {
            put.addParameter("refresh", "wait_for");
        }
        put.setJsonEntity(doc.toString());
        perform(put);
    }

    /** Records where a URL of a job stands; a lower-ranked state never replaces a higher one. */
    public void record(String jobId, String docId, String url, UrlState state, String reason, String detail) {
        if (jobId == null || jobId.isBlank()) {
            return; // link-checker re-checks and other requests without a job
        }
        ObjectNode doc = JsonMapper.shared()
                .createObjectNode()
                .put("kind", "url")
                .put("job_id", jobId)
                .put("doc_id", docId)
                .put("url", url)
                .put("state", state.field())
                .put("updated_at", System.currentTimeMillis());
        if (reason != null) doc.put("reason", reason);
        if (detail != null) doc.put("detail", shortened(detail));
        Request put = new Request("PUT", "/" + INDEX + "/_doc/" + jobId + ":" + docId);
        put.addParameter("version", String.valueOf(state.rank()));
        put.addParameter("version_type", "external_gte");
        put.setJsonEntity(doc.toString());
        try {
            client.performRequest(put);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 409) {
                throw new UncheckedIOException(e);
            }
            // 409: a later state is already recorded; keep it.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's progress, or empty when there is no such job. */
    public Optional<JobStatus> find(String jobId) {
        JsonNode job = get(jobDocId(jobId));
        if (job == null) {
            return Optional.empty();
        }
        int total = job.path("total").asInt();
        String collection = job.path("collection").asText(null);
        boolean resolving = job.path("resolving").asBoolean(false);
        String error = job.hasNonNull("error")
                ? job.path("error").asText()
                        + (job.hasNonNull("detail") ? ": " + job.path("detail").asText() : "")
                : null;

        String query = """
                {"size": %d, "track_total_hits": true,
                 "query": {"bool": {"filter": [{"term": {"job_id": %s}}, {"term": {"kind": "url"}}]}},
                 "aggs": {"states": {"terms": {"field": "state", "size": 10}}}}
                """.formatted(0, JsonMapper.shared().valueToTree(jobId).toString());
        Request search = new Request("POST", "/" + INDEX + "/_search");
        search.setJsonEntity(query);
        JsonNode result = perform(search);
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (JsonNode bucket : result.path("aggregations").path("states").path("buckets")) {
            counts.put(bucket.path("key").asText(), bucket.path("doc_count").asInt());
        }
        int failedCount = counts.getOrDefault("failed", 0);
        List<JobStatus.Failure> failures = failedCount == 0 ? List.of() : failures(jobId, failedCount);
        int fetched = counts.getOrDefault("fetched", 0);
        int unchanged = counts.getOrDefault("unchanged", 0);
        int indexed = counts.getOrDefault("indexed", 0);
        int processed = fetched + unchanged + indexed + failedCount;
        boolean done = error != null || (!resolving && indexed + unchanged + failedCount >= total);
        return Optional.of(new JobStatus(
                jobId,
                collection,
                total,
                Math.max(0, total - processed),
                fetched + unchanged + indexed,
                unchanged,
                indexed,
                failedCount,
                failures,
                done,
                done ? null : etaSeconds(jobId),
                error));
    }

    /** Seconds until the job's last queued URL starts, by the fresh frontier reports of every replica; null if none. */
    private Long etaSeconds(String jobId) {
        long now = System.currentTimeMillis();
        String query = """
                {"size": 0, "query": {"bool": {"filter": [{"term": {"job_id": %s}}, {"term": {"kind": "frontier"}},
                  {"range": {"updated_at": {"gte": %d}}}, {"range": {"queued": {"gt": 0}}}]}},
                 "aggs": {"eta": {"max": {"field": "eta_at"}}}}
                """.formatted(JsonMapper.shared().valueToTree(jobId).toString(), now - FRESH_REPORT_MS);
        Request search = new Request("POST", "/" + INDEX + "/_search");
        search.setJsonEntity(query);
        JsonNode eta = perform(search).path("aggregations").path("eta").path("value");
        return eta.isNumber() ? Math.max(0, (eta.asLong() - now + 999) / 1000) : null;
    }

    private List<JobStatus.Failure> failures(String jobId, int count) {
        String query = """
                {"size": %d, "sort": [{"url": "asc"}], "_source": ["url", "reason"],
                 "query": {"bool": {"filter": [{"term": {"job_id": %s}}, {"term": {"state": "failed"}}]}}}
                """.formatted(
                        Math.min(count, LISTED_FAILURES),
                        JsonMapper.shared().valueToTree(jobId).toString());
        Request search = new Request("POST", "/" + INDEX + "/_search");
        search.setJsonEntity(query);
        List<JobStatus.Failure> out = new ArrayList<>();
        for (JsonNode hit : perform(search).path("hits").path("hits")) {
            out.add(new JobStatus.Failure(
                    hit.path("_source").path("url").asText(),
                    hit.path("_source").path("reason").asText()));
        }
        return out;
    }

    private JsonNode get(String id) {
        try {
            return perform(new Request("GET", "/" + INDEX + "/_doc/" + id)).path("_source");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ResponseException r
                    && r.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private JsonNode perform(Request request) {
        try {
            return JsonMapper.shared()
                    .readTree(
                            EntityUtils.toString(client.performRequest(request).getEntity()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jobDocId(String jobId) {
        return "job:" + jobId;
    }
}
