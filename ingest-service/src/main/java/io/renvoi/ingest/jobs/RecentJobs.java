package io.renvoi.ingest.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.ResponseStatus;
import io.renvoi.common.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Lists the newest jobs of {@value JobStore#INDEX} for a collection, or for the collections an API key may use
 * (exact names or {@code prefix-*}), with their counts: one search for the job documents, one aggregation over
 * their URL outcomes. Reads only.
 */
@ApplicationScoped
public class RecentJobs {
    @Inject
    RestClient client;

    /**
     * @param collection one collection, or null for all of {@code patterns}
     * @param patterns the caller's collections, or null for every collection (an admin key)
     * @param limit at most this many jobs, newest first
     */
    public List<JobSummary> newest(String collection, List<String> patterns, int limit) {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.put("size", limit)
                .putArray("_source")
                .add("job_id")
                .add("collection")
                .add("total")
                .add("resolving")
                .add("error")
                .add("created_at");
        body.putArray("sort")
                .add(JsonMapper.shared().createObjectNode().put("created_at", "desc"))
                .add(JsonMapper.shared().createObjectNode().put("job_id", "asc"));
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("kind", "job");
        if (collection != null) filter.addObject().putObject("term").put("collection", collection);
        if (patterns != null) filter.add(collectionsIn(patterns));
        JsonNode hits = search(body);
        if (hits == null) return List.of(); // no job was ever written: the index does not exist yet
        List<JsonNode> jobs = new ArrayList<>();
        hits.path("hits").path("hits").forEach(h -> jobs.add(h.path("_source")));
        if (jobs.isEmpty()) return List.of();
        Map<String, Map<String, Integer>> counts = counts(jobs);
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            String id = job.path("job_id").asText();
            Map<String, Integer> c = counts.getOrDefault(id, Map.of());
            int total = job.path("total").asInt();
            int failed = c.getOrDefault("failed", 0);
            int fetched = c.getOrDefault("fetched", 0);
            int unchanged = c.getOrDefault("unchanged", 0);
            int indexed = c.getOrDefault("indexed", 0);
            String error = job.hasNonNull("error") ? job.path("error").asText() : null;
            boolean done =
                    error != null || (!job.path("resolving").asBoolean(false) && indexed + unchanged + failed >= total);
            out.add(new JobSummary(
                    id,
                    job.path("collection").asText(),
                    job.path("created_at").asLong(),
                    total,
                    Math.max(0, total - fetched - unchanged - indexed - failed),
                    fetched + unchanged + indexed,
                    unchanged,
                    indexed,
                    failed,
                    done,
                    error));
        }
        return out;
    }

    /** URL outcomes per state for each of {@code jobs}, in one aggregation. */
    private Map<String, Map<String, Integer>> counts(List<JsonNode> jobs) {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("kind", "url");
        ArrayNode ids = filter.addObject().putObject("terms").putArray("job_id");
        jobs.forEach(j -> ids.add(j.path("job_id").asText()));
        ObjectNode byJob = body.putObject("aggs").putObject("jobs");
        byJob.putObject("terms").put("field", "job_id").put("size", jobs.size());
        byJob.putObject("aggs")
                .putObject("states")
                .putObject("terms")
                .put("field", "state")
                .put("size", 10);
        Map<String, Map<String, Integer>> out = new HashMap<>();
        JsonNode result = search(body);
        if (result == null) return out;
        for (JsonNode job : result.path("aggregations").path("jobs").path("buckets")) {
            Map<String, Integer> states = new HashMap<>();
            for (JsonNode s : job.path("states").path("buckets")) {
                states.put(s.path("key").asText(), s.path("doc_count").asInt());
            }
            out.put(job.path("key").asText(), states);
        }
        return out;
    }

    /** Exact names or {@code prefix-*} patterns as a filter; no pattern matches nothing. */
    static ObjectNode collectionsIn(List<String> patterns) {
        ObjectNode any = JsonMapper.shared().createObjectNode();
        ObjectNode bool = any.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        for (String p : patterns) {
            if (p.endsWith("*")) {
                should.addObject().putObject("prefix").put("collection", p.substring(0, p.length() - 1));
            } else {
                should.addObject().putObject("term").put("collection", p);
            }
        }
        return any;
    }

    /** The search's answer, or null when the index is missing. */
    private JsonNode search(ObjectNode body) {
        Request search = new Request("POST", "/" + JobStore.INDEX + "/_search");
        search.setJsonEntity(body.toString());
        try {
            return JsonMapper.shared()
                    .readTree(EntityUtils.toString(client.performRequest(search).getEntity()));
        } catch (ResponseException e) {
            if (ResponseStatus.notFound(e)) return null;
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
