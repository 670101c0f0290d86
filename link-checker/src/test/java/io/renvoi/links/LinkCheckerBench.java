package io.renvoi.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.chunk.Chunk;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.ChunkRef;
import io.renvoi.common.events.DocumentEvent;
import io.renvoi.common.events.EventJson;
import io.renvoi.common.events.IndexedEvent;
import io.renvoi.common.events.Topics;
import io.renvoi.common.extract.ExtractedDocument;
import io.renvoi.common.extract.HtmlExtractor;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.registry.LinkEntry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The link-checker benchmark (bench/link-checker/run.sh): SciFact abstracts served locally as pages with
 * ETags, registered as indexed, then a share made dead (410/404), flapping (every other request 503) or
 * changed. Rounds run back to back; reported: eviction latency (median, max) against the check interval,
 * false and missed evictions, changes detected, and the bytes a re-check round of unchanged pages downloads
 * divided by the corpus size. Excluded from the normal test run (tag {@code bench}).
 */
@QuarkusTest
@TestProfile(LinkCheckerBench.Profile.class)
@Tag("bench")
class LinkCheckerBench extends LinkFixture {
    static final long INTERVAL_MS = 4_000;

    /** Short intervals so that a run takes about a minute; strikes as in production, over a short window. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("renvoi.links.min-interval", INTERVAL_MS + "ms", "renvoi.links.max-interval",
                    INTERVAL_MS + "ms", "renvoi.links.initial-interval", "0s", "renvoi.links.strike-backoff", "1s",
                    "renvoi.links.strike-window", "6s", "renvoi.links.strikes", "3", "renvoi.links.batch-size", "10000",
                    "renvoi.fetch.robots-ttl", "1h");
        }
    }

    @Inject
    LinkChecker checker;

    @Test
    void bench() throws Exception {
        int docs = Integer.getInteger("bench.docs", 500);
        double share = Double.parseDouble(System.getProperty("bench.share", "0.05"));
        Path corpus = Path.of(System.getProperty("bench.corpus", "../../shared/eval/scifact/corpus.jsonl"));
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).subList(0, docs);

        Map<String, String> pathOf = new HashMap<>();
        long corpusBytes = 0;
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (String line : lines) {
            JsonNode doc = JsonMapper.shared().readTree(line);
            String path = "/scifact/" + run + "/" + doc.path("_id").asText() + ".html";
            String html = TestSite.html(escape(doc.path("title").asText()), escape(doc.path("text").asText()));
            corpusBytes += html.getBytes(StandardCharsets.UTF_8).length;
            pathOf.put(publish(path, html), path);
        }
        List<String> ids = new ArrayList<>(pathOf.keySet());
        Collections.shuffle(ids, new java.util.Random(42));
        int n = (int) Math.round(docs * share);
        Set<String> dead = new HashSet<>(ids.subList(0, n));
        Set<String> flapping = new HashSet<>(ids.subList(n, 2 * n));
        Set<String> changed = new HashSet<>(ids.subList(2 * n, 3 * n));
        long t = System.currentTimeMillis();
        for (String id : ids) {
            while (entry(id) == null || entry(id).docSha256 == null) Thread.sleep(20);
        }
        long registration = System.currentTimeMillis() - t;

        // a re-check round of unchanged pages: validators known from ingest, so 304s
        registry.refresh();
        long bytesBefore = site.bodyBytes();
        int checkedFirst = checker.runRound().size();
        long roundBytes = site.bodyBytes() - bytesBefore;

        int i = 0;
        for (String id : dead) site.fail(pathOf.get(id), i++ % 2 == 0 ? 410 : 404, null);
        for (String id : flapping) site.flap(pathOf.get(id));
        for (String id : changed) site.page(pathOf.get(id), TestSite.html("Changed", "This abstract was rewritten " + id));
        long broken = System.currentTimeMillis();
        long end = broken + 5 * INTERVAL_MS;
        int rounds = 0;
        while (System.currentTimeMillis() < end) {
            registry.refresh();
            checker.runRound();
            rounds++;
            Thread.sleep(200);
        }

        List<Long> latencies = new ArrayList<>();
        int missed = 0;
        int falseEvictions = 0;
        int changesDetected = 0;
        for (String id : ids) {
            LinkEntry e = entry(id);
            if (dead.contains(id)) {
                if (e.evicted()) latencies.add(e.evictedAt - broken);
                else missed++;
            } else if (e.evicted()) {
                falseEvictions++;
            }
            if (changed.contains(id) && !kafka.on(Topics.INGEST_REQUESTS, id).isEmpty()) changesDetected++;
        }
        Collections.sort(latencies);
        String report = String.format(
                "docs=%d share=%.2f interval_ms=%d registration_ms=%d first_round_checked=%d rounds_after_break=%d%n"
                        + "eviction_latency_ms median=%d max=%d (%d dead)%n"
                        + "false_evictions=%d missed_evictions=%d changes_detected=%d/%d%n"
                        + "recheck_round_bytes=%d corpus_bytes=%d ratio=%.4f%n",
                docs, share, INTERVAL_MS, registration, checkedFirst, rounds,
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2),
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), dead.size(), falseEvictions, missed,
                changesDetected, changed.size(), roundBytes, corpusBytes, (double) roundBytes / corpusBytes);
        System.out.println("LINK-CHECKER BENCH\n" + report);
        String out = System.getProperty("bench.out");
        if (out != null) Files.writeString(Path.of(out), report);
        assertThat(falseEvictions).isZero();
        assertThat(missed).isZero();
    }

    private String publish(String path, String html) {
        site.page(path, html);
        String url = site.url(path);
        String docId = docId(path);
        ExtractedDocument doc = new HtmlExtractor().extract(html, url);
        List<ChunkRef> chunks = Chunker.forMiniLm().chunk(doc.text()).stream()
                .map((Chunk c) -> new ChunkRef(c.ord(), c.start(), c.end(), c.sha256(), null)).toList();
        long epoch = System.currentTimeMillis();
        kafka.send(Topics.DOCUMENTS, docId, EventJson.encode(new DocumentEvent(DocumentEvent.Type.UPSERT, docId, url, url,
                COLLECTION, doc.title(), "text/html", TestSite.etagOf(html), null, Sha256.hex(doc.text()),
                doc.extractorVersion(), epoch, epoch, null, chunks, null)));
        kafka.send(Topics.INDEXED, docId, EventJson.encode(new IndexedEvent(docId, url, COLLECTION, epoch, chunks.size(),
                IndexedEvent.Outcome.INDEXED, null, null, Embedder.EMBEDDING_VERSION)));
        return docId;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
