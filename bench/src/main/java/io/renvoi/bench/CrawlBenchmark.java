package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.json.JsonMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The crawl benchmark (issue 12): SciFact pages served by N loopback hosts (127.0.0.2, 127.0.0.3, ...), crawled
 * through the real ingest-service and embed-service at the shipped rules (politeness on, robots.txt read).
 * Measures, in one run: embed-service's own rate (documents published straight to rag.documents while nothing
 * else runs, before and after the crawl; the bound uses their mean), then one crawl job: pages/s from acceptance to every page indexed, against the bound
 * {@code min(hosts / interval, embed rate)}; failures; the spacing each host saw between two requests against the
 * interval; the wait until a one-page job of another collection, submitted a third of the way in, is searchable;
 * and ingest-service's peak resident memory. Prints one JSON object.
 */
public final class CrawlBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args);
        int hosts = Integer.parseInt(o.getOrDefault("hosts", "4"));
        Duration interval =
                Duration.parse("PT" + o.getOrDefault("interval", "0.2s").toUpperCase());
        int pages = Integer.parseInt(o.getOrDefault("pages", "1200"));
        int embedDocs = Integer.parseInt(o.getOrDefault("embed-docs", "300"));
        String ingest = o.get("ingest");
        String openSearch = o.get("opensearch");
        String kafka = o.get("kafka");
        List<SciFactCorpus.Doc> docs = SciFactCorpus.read(Path.of(o.get("corpus")), pages + 2 * embedDocs + 1);

        // 1. embed-service alone: documents straight onto rag.documents, until rag.indexed reports each (measured
        // again after the crawl: this machine's speed drifts, and the bound is the mean of the two)
        double embedBefore = embedRate(kafka, docs.subList(pages + 1, pages + 1 + embedDocs));
        BenchOut.log("embed-service alone: %.2f docs/s", embedBefore);

        // 2. the crawl: N hosts, each serving its share of the pages and noting when each request came
        List<HostServer> servers = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            servers.add(new HostServer("127.0.0." + (2 + h)));
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            HostServer s = servers.get(i % hosts);
            urls.add(s.put(docs.get(i)));
        }
        String extra = servers.get(0).put(docs.get(pages));
        String pidFiles = o.getOrDefault("pid-files", "");
        Map<String, Double> cpuBefore = ProcessCpu.seconds(pidFiles);
        long t0 = System.nanoTime();
        String job = submit(ingest, "bench-crawl", urls);
        Double oneJobWait = null;
        long pid = Long.parseLong(o.getOrDefault("ingest-pid", "0"));
        long peakRss = 0;
        JsonNode status;
        while (true) {
            status = ServiceHttp.jobStatus(ingest, job);
            if (oneJobWait == null && status.path("indexed").asInt() >= pages / 3) {
                long t1 = System.nanoTime();
                submit(ingest, "bench-crawl-other", List.of(extra));
                while (count(openSearch, "bench-crawl-other") == 0) {
                    Thread.sleep(100);
                }
                oneJobWait = (System.nanoTime() - t1) / 1e9;
                BenchOut.log("one-page job of another collection searchable after %.1f s", oneJobWait);
            }
            if (status.path("done").asBoolean()) {
                break;
            }
            peakRss = Math.max(peakRss, ProcessMemory.rss(pid));
            Thread.sleep(1000); // as a person or the CLI polls
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cpu = ProcessCpu.since(cpuBefore, pidFiles);
        double rate = pages / seconds;
        double embedAfter = embedRate(kafka, docs.subList(pages + 1 + embedDocs, pages + 1 + 2 * embedDocs));
        BenchOut.log("embed-service alone, after the crawl: %.2f docs/s", embedAfter);
        double embedRate = (embedBefore + embedAfter) / 2;
        double bound = Math.min(hosts / (interval.toMillis() / 1000.0), embedRate);
        BenchOut.log(
                "crawl: %d pages in %.1f s = %.2f pages/s; bound %.2f; ratio %.3f",
                pages, seconds, rate, bound, rate / bound);

        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("hosts", hosts);
        out.put("interval_ms", interval.toMillis());
        out.put("pages", pages);
        out.put("seconds", BenchOut.round(seconds, 3));
        out.put("pages_per_s", BenchOut.round(rate, 3));
        out.put("embed_docs_per_s", BenchOut.round(embedRate, 3));
        out.put("embed_docs_per_s_before", BenchOut.round(embedBefore, 3));
        out.put("embed_docs_per_s_after", BenchOut.round(embedAfter, 3));
        out.put("politeness_bound_pages_per_s", BenchOut.round(hosts / (interval.toMillis() / 1000.0), 3));
        out.put("bound_pages_per_s", BenchOut.round(bound, 3));
        out.put("ratio_to_bound", BenchOut.round(rate / bound, 3));
        out.put("indexed", status.path("indexed").asInt());
        out.put("failed", status.path("failedCount").asInt());
        out.set("failures", status.path("failed"));
        double minGap = Double.MAX_VALUE;
        ObjectNode spacing = out.putObject("spacing_ms");
        for (HostServer s : servers) {
            List<Long> t = s.times.stream().sorted().toList();
            double min = Double.MAX_VALUE;
            double sum = 0;
            for (int i = 1; i < t.size(); i++) {
                double gap = (t.get(i) - t.get(i - 1)) / 1e6;
                min = Math.min(min, gap);
                sum += gap;
            }
            spacing.putObject(s.ip)
                    .put("requests", t.size())
                    .put("min", BenchOut.round(min, 3))
                    .put("mean", BenchOut.round(sum / Math.max(1, t.size() - 1), 3));
            minGap = Math.min(minGap, min);
        }
        out.put("min_spacing_ms", BenchOut.round(minGap, 3));
        out.put("largest_shortfall_ms", BenchOut.round(Math.max(0, interval.toMillis() - minGap), 3));
        out.put("one_page_job_wait_s", oneJobWait == null ? null : BenchOut.round(oneJobWait, 3));
        out.put("ingest_peak_rss_mb", BenchOut.round(Math.max(peakRss, ProcessMemory.peak(pid)) / 1024.0, 3));
        out.set("cpu_seconds_during_crawl", JsonMapper.shared().valueToTree(cpu));
        servers.forEach(HostServer::stop);
        System.out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    /** Documents per second that embed-service indexes when nothing else runs, published as ingest would. */
    private static double embedRate(String kafka, List<SciFactCorpus.Doc> docs) throws Exception {
        ContentExtractor extractor = new ContentExtractor();
        Chunker chunker = Chunker.forMiniLm();
        String collection = "bench-embed-rate-" + UUID.randomUUID().toString().substring(0, 8);
        List<DocumentEvent> events = new ArrayList<>();
        for (SciFactCorpus.Doc d : docs) {
            String url = UrlNormalizer.normalize("http://127.0.0.1/embed-rate/" + d.id());
            ExtractedDocument doc = extractor
                    .extract(PageServer.html(d).getBytes(StandardCharsets.UTF_8), "text/html", "utf-8", url)
                    .document();
            List<ChunkRef> chunks = chunker.chunk(doc.text()).stream()
                    .map(c -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), c.text()))
                    .toList();
            long now = System.currentTimeMillis();
            events.add(DocumentEvent.upsert(DocumentIds.docId(collection, url), url, collection)
                    .finalUrl(url)
                    .title(doc.title())
                    .contentType("text/html")
                    .extracted(Sha256.hex(doc.text()), doc.extractorVersion())
                    .epoch(now, now)
                    .chunks(chunks)
                    .build());
        }
        Properties c = BenchKafka.consumer(kafka);
        c.put("group.id", "bench-crawl-" + UUID.randomUUID());
        c.put("auto.offset.reset", "latest");
        Properties p = BenchKafka.producer(kafka);
        p.put("max.request.size", 8388608);
        try (KafkaConsumer<String, String> indexed = new KafkaConsumer<>(c);
                KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            indexed.subscribe(List.of(Topics.INDEXED));
            while (indexed.assignment().isEmpty()) indexed.poll(Duration.ofMillis(100));
            Set<String> waiting = new HashSet<>();
            events.forEach(e -> waiting.add(e.docId()));
            long t0 = System.nanoTime();
            for (DocumentEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS, e.docId(), EventJson.encode(e)));
            }
            producer.flush();
            while (!waiting.isEmpty()) {
                for (ConsumerRecord<String, String> r : indexed.poll(Duration.ofMillis(200))) {
                    IndexedEvent ev = EventJson.decode(r.value(), IndexedEvent.class);
                    if (ev.outcome() == IndexedEvent.Outcome.INDEXED) waiting.remove(ev.docId());
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos())
                    throw new IllegalStateException("embed-service stalled");
            }
            return events.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** One loopback host: serves its pages at /doc/{id} and robots.txt, and notes when each page was asked for. */
    private static final class HostServer {
        final String ip;
        final HttpServer server;
        final java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(4);
        final Map<String, byte[]> pages = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Long> times = new CopyOnWriteArrayList<>();

        HostServer(String ip) throws Exception {
            this.ip = ip;
            server = HttpServer.create(new InetSocketAddress(ip, 0), 64);
            server.setExecutor(pool);
            server.createContext(
                    "/robots.txt",
                    ex -> PageServer.send(
                            ex, "text/plain", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8)));
            server.createContext("/doc/", PageServer.pages(pages, () -> times.add(System.nanoTime())));
            server.start();
        }

        String put(SciFactCorpus.Doc d) {
            pages.put(d.id(), PageServer.html(d).getBytes(StandardCharsets.UTF_8));
            return "http://" + ip + ":" + server.getAddress().getPort() + "/doc/" + d.id();
        }

        void stop() {
            server.stop(0);
            pool.shutdownNow(); // its threads would keep the JVM (and so the bench script) alive
        }
    }

    private static String submit(String ingest, String collection, List<String> urls) throws Exception {
        return ServiceHttp.submitIngestJob(ingest, collection, urls)
                .get("jobId")
                .asText();
    }

    private static long count(String openSearch, String collection) throws Exception {
        String q = "{\"query\":{\"term\":{\"collection\":\"" + collection + "\"}}}";
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(openSearch + "/rag-chunks/_count"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(q))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
                ? JsonMapper.shared().readTree(r.body()).path("count").asLong()
                : 0;
    }

    private CrawlBenchmark() {}
}
