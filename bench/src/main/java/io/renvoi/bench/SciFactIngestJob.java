package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.index.ChunkIndex;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

/**
 * The ingest phase of {@code SearchQualityBenchmark}: one ingest job with every SciFact page URL of the local site
 * through ingest-service's {@code /api/v1/ingest-jobs}, polled until done (skipped when the collection already
 * holds the documents). Reads ingest-service and the rag-chunks alias (documents and chunks of the collection).
 */
final class SciFactIngestJob {
    private SciFactIngestJob() {}

    /**
     * Submits every page of {@code docs} on {@code site} as one job to ingest-service at {@code ingest} and waits
     * until it is done, unless the collection already holds them; the outcome as JSON.
     */
    static ObjectNode run(RestClient os, List<SciFactCorpus.Doc> docs, String collection, String site, String ingest)
            throws Exception {
        long indexed = indexedDocuments(os, collection);
        ObjectNode out = JsonMapper.shared().createObjectNode();
        if (indexed >= docs.size()) {
            BenchOut.log("collection %s already holds %d documents: ingestion skipped", collection, indexed);
            out.put("reused_index", true);
        } else {
            List<String> urls = docs.stream().map(d -> site + "/doc/" + d.id()).toList();
            long t0 = System.nanoTime();
            JsonNode accepted = ServiceHttp.submitIngestJob(ingest, collection, urls);
            String jobId = accepted.get("jobId").asText();
            BenchOut.log("job %s: %d urls", jobId, accepted.get("total").asInt());
            JsonNode status;
            long lastLog = 0;
            while (true) {
                status = ServiceHttp.jobStatus(ingest, jobId);
                if (status.get("done").asBoolean()) break;
                if (System.nanoTime() - lastLog > 15_000_000_000L) {
                    BenchOut.log(
                            "job: fetched %d, indexed %d, failed %d of %d",
                            status.get("fetched").asInt(),
                            status.get("indexed").asInt(),
                            status.get("failedCount").asInt(),
                            status.get("total").asInt());
                    lastLog = System.nanoTime();
                }
                Thread.sleep(1000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            BenchOut.log(
                    "job done in %.0f s: indexed %d, failed %d",
                    seconds,
                    status.get("indexed").asInt(),
                    status.get("failedCount").asInt());
            out.put("reused_index", false);
            out.put("ingest_seconds", Math.round(seconds * 10) / 10.0);
            out.put("failed", status.get("failedCount").asInt());
            if (status.get("failedCount").asInt() > 0) out.set("failed_sample", status.get("failed"));
        }
        os.performRequest(new Request("POST", "/" + ChunkIndex.ALIAS + "/_refresh"));
        out.put("docs", indexedDocuments(os, collection));
        out.put("chunks", count(os, collection));
        return out;
    }

    private static long indexedDocuments(RestClient os, String collection) throws IOException {
        String body = "{\"size\":0,\"query\":{\"term\":{\"collection\":\"" + collection + "\"}},"
                + "\"aggs\":{\"docs\":{\"cardinality\":{\"field\":\"doc_id\",\"precision_threshold\":40000}}}}";
        JsonNode r = openSearchJson(os, "POST", "/" + ChunkIndex.ALIAS + "/_search", body);
        return r == null ? 0 : r.path("aggregations").path("docs").path("value").asLong();
    }

    private static long count(RestClient os, String collection) throws IOException {
        JsonNode r = openSearchJson(
                os,
                "POST",
                "/" + ChunkIndex.ALIAS + "/_count",
                "{\"query\":{\"term\":{\"collection\":\"" + collection + "\"}}}");
        return r == null ? 0 : r.path("count").asLong();
    }

    private static JsonNode openSearchJson(RestClient os, String method, String path, String body) throws IOException {
        Request req = new Request(method, path);
        req.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        try {
            Response r = os.performRequest(req);
            return JsonMapper.shared().readTree(EntityUtils.toString(r.getEntity()));
        } catch (org.opensearch.client.ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) return null;
            throw e;
        }
    }
}
