package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.fetch.FetchLimits;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.json.JsonMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Issue 3's benchmark: ingest throughput over the SciFact corpus, each document served as one HTML page from a
 * web server on 127.0.0.1 inside this process. Three rates over the same pages, in the same run, one after the
 * other (never concurrently):
 * <ul>
 * <li>{@code extract_chunk}: extraction + chunking + hashing of the bytes in memory (the baseline);</li>
 * <li>{@code fetch_extract_chunk}: the same after a {@link SafeFetcher} fetch, one thread (what fetching costs);</li>
 * <li>{@code service}: the running ingest-service given one ingest job of every page: fetch, extract, chunk,
 * publish each document on rag.documents (acks=all) and record its state in rag-jobs, from the job's 202 until
 * no URL is queued (what fetching, Kafka and job tracking cost, with the service's own parallelism).</li>
 * </ul>
 * Reads the corpus and the ingest-service URL given on the command line; prints one JSON object.
 */
public final class IngestBenchmark {
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace(); // the page server's threads would otherwise keep the JVM alive
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        Path corpus = Path.of(opts.getOrDefault("corpus", "../shared/eval/scifact/corpus.jsonl"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
        String ingest = opts.getOrDefault("ingest", "http://127.0.0.1:17081");

        List<byte[]> pages = new ArrayList<>();
        for (SciFactCorpus.Doc d : SciFactCorpus.read(corpus, limit)) {
            String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(d.title())
                    + "</title></head><body><nav>SciFact corpus</nav><main><h1>" + escape(d.title())
                    + "</h1><p>" + escape(d.text()) + "</p></main><footer>bench</footer></body></html>";
            pages.add(html.getBytes(StandardCharsets.UTF_8));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/doc/", ex -> {
            String[] path = ex.getRequestURI().getPath().split("/");
            byte[] b = pages.get(Integer.parseInt(path[path.length - 1]));
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/doc/";
        SafeFetcher fetcher = new SafeFetcher(
                FetchLimits.defaults().withAllowList(List.of("127.0.0.1/32")).withPoliteness(Duration.ZERO));
        ContentExtractor extractor = new ContentExtractor();
        Chunker chunker = Chunker.forMiniLm();

        // Warm-up (JIT, tokenizer, connection pool), not measured.
        for (int i = 0; i < Math.min(1000, pages.size()); i++) {
            process(extractor, chunker, fetcher.fetch(base + "warm/" + i).body());
        }
        // The two in-process rates alternate by blocks of 250 pages, so that a noisy neighbour slows both alike,
        // and which goes first alternates too (the second pass over a block finds the tokenizer's caches warm).
        long chunks = 0;
        double alone = 0;
        double withFetch = 0;
        for (int from = 0, block = 0; from < pages.size(); from += 250, block++) {
            int to = Math.min(pages.size(), from + 250);
            for (int pass = 0; pass < 2; pass++) {
                boolean fetching = (pass + block) % 2 == 1;
                long t0 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    if (fetching) {
                        FetchResult r = fetcher.fetch(base + "single/" + i);
                        if (!r.ok()) throw new IllegalStateException(base + i + ": " + r.outcome());
                        process(extractor, chunker, r.body());
                    } else {
                        chunks += process(extractor, chunker, pages.get(i));
                    }
                }
                if (fetching) withFetch += seconds(t0);
                else alone += seconds(t0);
            }
        }
        BenchOut.log("extract + chunk: %.1f docs/s", pages.size() / alone);
        BenchOut.log("fetch + extract + chunk: %.1f docs/s", pages.size() / withFetch);
        fetcher.close();

        ServiceRun run = throughService(ingest, base + "service/", pages.size());
        double service = run.seconds();
        BenchOut.log("ingest-service: %.1f docs/s (%d failed)", pages.size() / service, run.failed());
        server.stop(0);

        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("docs", pages.size());
        out.put("chunks", chunks);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("extract_chunk_docs_per_s", BenchOut.round(pages.size() / alone, 3));
        out.put("fetch_extract_chunk_docs_per_s", BenchOut.round(pages.size() / withFetch, 3));
        out.put("service_docs_per_s", BenchOut.round(pages.size() / service, 3));
        out.put("service_failed", run.failed()); // e.g. timeouts when a busy machine starves the page server
        out.set("service_failures", run.failures());
        out.put("fetch_ratio", BenchOut.round(alone / withFetch, 3));
        out.put("service_ratio", BenchOut.round(alone / service, 3));
        System.out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    /** The service run: seconds from the job's acceptance until no URL is queued, and how many failed. */
    private record ServiceRun(double seconds, int failed, JsonNode failures) {}

    /** Seconds from the job's acceptance until ingest-service has fetched (or failed) every URL. */
    private static ServiceRun throughService(String ingest, String base, int n) throws Exception {
        List<String> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            urls.add(base + i);
        }
        long t0 = System.nanoTime();
        String jobId = ServiceHttp.submitIngestJob(ingest, "bench-ingest", urls)
                .get("jobId")
                .asText();
        while (true) {
            JsonNode status = ServiceHttp.jobStatus(ingest, jobId);
            if (status.path("queued").asInt(n) == 0) {
                return new ServiceRun(seconds(t0), status.path("failedCount").asInt(), status.path("failed"));
            }
            Thread.sleep(100);
        }
    }

    private static int process(ContentExtractor extractor, Chunker chunker, byte[] body) {
        var doc = extractor
                .extract(body, "text/html", "utf-8", "http://127.0.0.1/")
                .document();
        Sha256.hex(doc.text());
        return chunker.chunk(doc.text()).size();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private IngestBenchmark() {}
}
