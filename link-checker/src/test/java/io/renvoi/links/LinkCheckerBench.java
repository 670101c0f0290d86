package io.renvoi.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.Topics;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.LoopbackSite;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The link-checker benchmark (bench/link-checker/run.sh), in up to three modes ({@code -Dbench.modes}, default
 * all), one after the other in one application:
 * <ul>
 *   <li>{@code standard}: SciFact abstracts served locally as pages with ETags, registered as indexed, then a share
 *       made dead (half 410, half 404), flapping (every other request 503) or changed. Reported: eviction latency
 *       (median, max), false and missed evictions, changes detected, and the bytes a re-check round of unchanged
 *       pages downloads divided by the corpus size.
 *   <li>{@code flapping}: 10 % of the pages answer 404 or 403 once, then 200 again. Reported: pages made suspect,
 *       false evictions (target 0).
 *   <li>{@code host-404}: every page of one host (a site of its own) turns 404. Reported: evicted and held entries
 *       (the mass-eviction guard holds all but about {@code share} of them).
 * </ul>
 * Rounds run back to back. Excluded from the normal test run (its name is not a test's; tag {@code bench}).
 */
@QuarkusTest
@TestProfile(LinkCheckerBench.Profile.class)
@Tag("bench")
class LinkCheckerBench extends LinkFixture {
    static final long INTERVAL_MS = 4_000;

    /**
     * Short intervals so that a run takes minutes; strikes as in production over a short window; a loss confirmed
     * one interval later; the mass-eviction guard as shipped (20 %, at least 10, within an hour).
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(Map.of(
                    "renvoi.links.min-interval",
                    INTERVAL_MS + "ms",
                    "renvoi.links.max-interval",
                    INTERVAL_MS + "ms",
                    "renvoi.links.initial-interval",
                    "0s",
                    "renvoi.links.strike-backoff",
                    "1s",
                    "renvoi.links.strike-window",
                    "6s",
                    "renvoi.links.strikes",
                    "3",
                    "renvoi.links.batch-size",
                    "10000",
                    "renvoi.fetch.robots-ttl",
                    "1h"));
            c.put("renvoi.links.confirm-after", INTERVAL_MS + "ms");
            c.put("renvoi.links.evicted-recheck-interval", "1h");
            c.put("renvoi.links.mass-eviction.min-evictions", "10");
            c.put("renvoi.links.mass-eviction.share", "0.2");
            c.put("renvoi.links.mass-eviction.window", "1h");
            return c;
        }
    }

    @Inject
    LinkChecker checker;

    @Test
    void bench() throws Exception {
        int docs = Integer.getInteger("bench.docs", 500);
        double share = Double.parseDouble(System.getProperty("bench.share", "0.05"));
        Path corpus = Path.of(System.getProperty("bench.corpus", "../../shared/eval/scifact/corpus.jsonl"));
        List<String> modes = List.of(
                System.getProperty("bench.modes", "standard,flapping,host-404").split(","));
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8);
        StringBuilder report = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        int offset = 0;
        if (modes.contains("standard")) {
            json.put("standard", standard(lines.subList(offset, offset + docs), share, report));
            offset += docs;
        }
        if (modes.contains("flapping")) {
            json.put("flapping", flapping(lines.subList(offset, offset + docs), report));
            offset += docs;
        }
        if (modes.contains("host-404")) {
            int pages = Integer.getInteger("bench.host-pages", 200);
            json.put("host404", host404(lines.subList(offset, offset + pages), report));
        }
        System.out.println("LINK-CHECKER BENCH\n" + report);
        String out = System.getProperty("bench.out");
        if (out != null) Files.writeString(Path.of(out), report.toString());
        String jsonOut = System.getProperty("bench.json");
        if (jsonOut != null) {
            json.put("intervalMs", INTERVAL_MS);
            json.put("date", java.time.LocalDate.now().toString());
            Files.writeString(
                    Path.of(jsonOut),
                    JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        }
        if (json.get("standard") instanceof Map<?, ?> m) {
            assertThat(m.get("falseEvictions")).isEqualTo(0);
            assertThat(m.get("missedEvictions")).isEqualTo(0);
        }
        if (json.get("flapping") instanceof Map<?, ?> m) {
            assertThat(m.get("falseEvictions")).isEqualTo(0);
        }
        if (json.get("host404") instanceof Map<?, ?> m) {
            assertThat((Integer) m.get("held")).isPositive();
        }
    }

    private Map<String, Object> standard(List<String> lines, double share, StringBuilder report) throws Exception {
        int docs = lines.size();
        Map<String, String> pathOf = new HashMap<>();
        long corpusBytes = 0;
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (String line : lines) {
            JsonNode doc = JsonMapper.shared().readTree(line);
            String path = "/scifact/" + run + "/" + doc.path("_id").asText() + ".html";
            String html = LoopbackSite.html(
                    escape(doc.path("title").asText()), escape(doc.path("text").asText()));
            corpusBytes += html.getBytes(StandardCharsets.UTF_8).length;
            pathOf.put(publish(site, path, html), path);
        }
        List<String> ids = new ArrayList<>(pathOf.keySet());
        Collections.shuffle(ids, new java.util.Random(42));
        int n = (int) Math.round(docs * share);
        Set<String> dead = new HashSet<>(ids.subList(0, n));
        Set<String> flapping = new HashSet<>(ids.subList(n, 2 * n));
        Set<String> changed = new HashSet<>(ids.subList(2 * n, 3 * n));
        long registration = awaitRegistered(ids);

        // a re-check round of unchanged pages: validators known from ingest, so 304s
        registry.refresh();
        long bytesBefore = site.bodyBytes();
        int checkedFirst = checker.runRound().size();
        long roundBytes = site.bodyBytes() - bytesBefore;

        int i = 0;
        for (String id : dead) site.fail(pathOf.get(id), i++ % 2 == 0 ? 410 : 404, null);
        for (String id : flapping) site.flap(pathOf.get(id));
        for (String id : changed)
            site.page(pathOf.get(id), LoopbackSite.html("Changed", "This abstract was rewritten " + id));
        long broken = System.currentTimeMillis();
        int rounds = roundsFor(6 * INTERVAL_MS);

        List<Long> latencies = new ArrayList<>();
        List<Long> latencies410 = new ArrayList<>();
        int missed = 0;
        int falseEvictions = 0;
        int changesDetected = 0;
        for (String id : ids) {
            LinkEntry e = entry(id);
            if (dead.contains(id)) {
                if (e.evicted()) {
                    latencies.add(e.evictedAt - broken);
                    if (e.lastHttpStatus == 410) latencies410.add(e.evictedAt - broken);
                } else {
                    missed++;
                }
            } else if (e.evicted()) {
                falseEvictions++;
            }
            if (changed.contains(id) && !kafka.on(Topics.INGEST_REQUESTS, id).isEmpty()) changesDetected++;
        }
        Collections.sort(latencies);
        Collections.sort(latencies410);
        report.append(String.format(
                "[standard] docs=%d share=%.2f interval_ms=%d confirm_after_ms=%d registration_ms=%d first_round_checked=%d rounds_after_break=%d%n"
                        + "eviction_latency_ms median=%d max=%d (%d dead: half 410 at once, half 404 confirmed); 410 only: median=%d max=%d%n"
                        + "false_evictions=%d missed_evictions=%d changes_detected=%d/%d%n"
                        + "recheck_round_bytes=%d corpus_bytes=%d ratio=%.4f%n",
                docs,
                share,
                INTERVAL_MS,
                INTERVAL_MS,
                registration,
                checkedFirst,
                rounds,
                median(latencies),
                max(latencies),
                dead.size(),
                median(latencies410),
                max(latencies410),
                falseEvictions,
                missed,
                changesDetected,
                changed.size(),
                roundBytes,
                corpusBytes,
                (double) roundBytes / corpusBytes));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("docs", docs);
        m.put("share", share);
        m.put("dead", dead.size());
        m.put("evictionLatencyMedianMs", median(latencies));
        m.put("evictionLatencyMaxMs", max(latencies));
        m.put("evictionLatency410MedianMs", median(latencies410));
        m.put("falseEvictions", falseEvictions);
        m.put("missedEvictions", missed);
        m.put("changesDetected", changesDetected);
        m.put("changed", changed.size());
        m.put("recheckRoundBytes", roundBytes);
        m.put("corpusBytes", corpusBytes);
        return m;
    }

    /** 10 % of the pages answer 404 or 403 once, then 200 again: none may be evicted. */
    private Map<String, Object> flapping(List<String> lines, StringBuilder report) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, String> pathOf = publishCorpus(site, "/flap/" + run + "/", lines);
        List<String> ids = new ArrayList<>(pathOf.keySet());
        awaitRegistered(ids);
        Collections.shuffle(ids, new java.util.Random(7));
        int n = (int) Math.round(ids.size() * 0.10);
        for (int i = 0; i < n; i++) {
            site.failOnce(pathOf.get(ids.get(i)), i % 2 == 0 ? 404 : 403);
        }
        int rounds = roundsFor(4 * INTERVAL_MS);
        int suspected = 0;
        int falseEvictions = 0;
        int stillSuspect = 0;
        for (String id : ids) {
            LinkEntry e = entry(id);
            if (e.history.stream().anyMatch(h -> h.outcome().startsWith("loss:"))) suspected++;
            if (e.evicted() || e.held()) falseEvictions++;
            if ("suspect".equals(e.status)) stillSuspect++;
        }
        report.append(String.format(
                "[flapping] docs=%d answering 404/403 once=%d rounds=%d suspected=%d false_evictions=%d still_suspect=%d%n",
                ids.size(), n, rounds, suspected, falseEvictions, stillSuspect));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("docs", ids.size());
        m.put("flappingOnce", n);
        m.put("suspected", suspected);
        m.put("falseEvictions", falseEvictions);
        m.put("stillSuspect", stillSuspect);
        return m;
    }

    /**
     * Serves each corpus line (SciFact JSON: _id, title, text) as a page under {@code prefix} of {@code host} and
     * publishes it as indexed; the paths by document id.
     */
    private Map<String, String> publishCorpus(LoopbackSite host, String prefix, List<String> lines) throws Exception {
        Map<String, String> pathOf = new HashMap<>();
        for (String line : lines) {
            JsonNode doc = JsonMapper.shared().readTree(line);
            String path = prefix + doc.path("_id").asText() + ".html";
            String html = LoopbackSite.html(
                    escape(doc.path("title").asText()), escape(doc.path("text").asText()));
            pathOf.put(publish(host, path, html), path);
        }
        return pathOf;
    }

    /** Every page of one host turns 404: the guard holds the evictions beyond the share. */
    private Map<String, Object> host404(List<String> lines, StringBuilder report) throws Exception {
        try (LoopbackSite host = LoopbackSite.start()) {
            Map<String, String> pathOf = publishCorpus(host, "/site/", lines);
            List<String> ids = new ArrayList<>(pathOf.keySet());
            awaitRegistered(ids);
            registry.refresh();
            checker.runRound(); // a first look while the site is fine
            for (String path : pathOf.values()) host.fail(path, 404, null);
            long broken = System.currentTimeMillis();
            int rounds = roundsFor(4 * INTERVAL_MS);
            int evicted = 0;
            int held = 0;
            int other = 0;
            for (String id : ids) {
                LinkEntry e = entry(id);
                if (e.evicted()) evicted++;
                else if (e.held()) held++;
                else other++;
            }
            report.append(String.format(
                    "[host-404] host=%s pages=%d rounds=%d evicted=%d held=%d neither=%d (guard: > 20%% and >= 10 within 1 h) seconds=%d%n",
                    host.hostAndPort(),
                    ids.size(),
                    rounds,
                    evicted,
                    held,
                    other,
                    (System.currentTimeMillis() - broken) / 1000));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pages", ids.size());
            m.put("evicted", evicted);
            m.put("held", held);
            m.put("neither", other);
            return m;
        }
    }

    private long awaitRegistered(List<String> ids) throws InterruptedException {
        long t = System.currentTimeMillis();
        for (String id : ids) {
            while (entry(id) == null || entry(id).docSha256 == null || entry(id).indexedEpoch == 0) Thread.sleep(20);
        }
        return System.currentTimeMillis() - t;
    }

    private int roundsFor(long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        int rounds = 0;
        while (System.currentTimeMillis() < end) {
            registry.refresh();
            checker.runRound();
            rounds++;
            Thread.sleep(200);
        }
        return rounds;
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
    }

    private String publish(LoopbackSite on, String path, String html) {
        return publishIndexed(on, path, html, Embedder.EMBEDDING_VERSION);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
