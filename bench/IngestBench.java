import com.sun.net.httpserver.HttpServer;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.fetch.FetchLimits;
import io.renvoi.common.fetch.FetchResult;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.json.JsonMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Ingest throughput over the SciFact corpus: each document is served as one HTML page from a server on
 * 127.0.0.1, then (a) fetched with the SafeFetcher + extracted + chunked + hashed, and (b) extracted +
 * chunked + hashed from the same bytes in memory. Prints JSON with docs/s of both and their ratio.
 * Politeness is off (one host would otherwise be 1 page/s); robots.txt is on (one 404, cached).
 * Usage: java -cp <classpath> IngestBench.java <corpus.jsonl> [maxDocs]
 */
public class IngestBench {
    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/eval/scifact/corpus.jsonl");
        int max = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        List<byte[]> pages = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
            if (pages.size() >= max) break;
            var j = JsonMapper.shared().readTree(line);
            String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(j.path("title").asText())
                    + "</title></head><body><nav>SciFact corpus</nav><main><h1>" + escape(j.path("title").asText())
                    + "</h1><p>" + escape(j.path("text").asText()) + "</p></main><footer>bench</footer></body></html>";
            pages.add(html.getBytes(StandardCharsets.UTF_8));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/doc/", ex -> {
            int i = Integer.parseInt(ex.getRequestURI().getPath().substring(5));
            byte[] b = pages.get(i);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/doc/";
        SafeFetcher fetcher = new SafeFetcher(FetchLimits.defaults().withAllowList(List.of("127.0.0.1/32")).withPoliteness(Duration.ZERO));
        ContentExtractor extractor = new ContentExtractor();
        Chunker chunker = Chunker.forMiniLm();

        // Warm-up (JIT, tokenizer load, connection pool), not measured.
        for (int i = 0; i < Math.min(200, pages.size()); i++) {
            process(extractor, chunker, fetcher.fetch(base + i).body());
        }
        long chunks = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < pages.size(); i++) {
            FetchResult r = fetcher.fetch(base + i);
            if (!r.ok()) throw new IllegalStateException(base + i + ": " + r.outcome());
            chunks += process(extractor, chunker, r.body());
        }
        double withFetch = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        for (byte[] page : pages) {
            process(extractor, chunker, page);
        }
        double alone = (System.nanoTime() - t1) / 1e9;
        server.stop(0);
        fetcher.close();
        double a = pages.size() / withFetch;
        double b = pages.size() / alone;
        System.out.printf("{\"docs\": %d, \"chunks\": %d, \"fetch_extract_chunk_docs_per_s\": %.1f, "
                + "\"extract_chunk_docs_per_s\": %.1f, \"ratio\": %.3f, \"fetch_extract_chunk_s\": %.2f, \"extract_chunk_s\": %.2f}%n",
                pages.size(), chunks, a, b, a / b, withFetch, alone);
        System.exit(0);
    }

    private static int process(ContentExtractor extractor, Chunker chunker, byte[] body) {
        var doc = extractor.extract(body, "text/html", "utf-8", "http://127.0.0.1/").document();
        Sha256.hex(doc.text());
        List<Chunk> chunks = chunker.chunk(doc.text());
        return chunks.size();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
