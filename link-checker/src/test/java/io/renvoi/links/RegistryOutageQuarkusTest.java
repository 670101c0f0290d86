package io.renvoi.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.check.CheckOutcome;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.registry.LinkEntry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * OpenSearch stops for 30 s in the middle of a check round (an instance of the test's own, {@link OwnOpenSearch}),
 * while pages keep being indexed: afterwards every page is registered, every decision published agrees with the
 * registry (a page is evicted exactly when its DELETE was published; a changed page re-ingested exactly when its
 * new text is recorded), and nothing went to a dead-letter topic.
 */
@QuarkusTest
@TestProfile(RegistryOutageQuarkusTest.Profile.class)
class RegistryOutageQuarkusTest extends LinkFixture {
    static final long OUTAGE_MS = 30_000;

    /** The test's own OpenSearch; leases short enough that checks cut by the outage are soon due again. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("renvoi.links.lease", "3s", "renvoi.links.parallelism", "4");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnOpenSearch.class));
        }
    }

    @Inject
    LinkChecker checker;

    @Test
    void anOutageMidRoundLosesNothingAndDeadLettersNothing() throws Exception {
        List<String> gone = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> same = new ArrayList<>();
        Pages pages = registerPages(
                site, "outage", 12, i -> LoopbackSite.html("Outage " + i, "Page " + i + " lives through an outage."));
        for (int i = 0; i < 12; i++) {
            (i % 3 == 0 ? gone : i % 3 == 1 ? changed : same).add(pages.ids().get(i));
            if (i % 3 == 0) site.fail(pages.paths().get(i), 410, null);
            if (i % 3 == 1)
                site.page(
                        pages.paths().get(i),
                        LoopbackSite.html("Outage " + i, "Page " + i + " was rewritten meanwhile."));
        }
        registry.refresh();

        site.delay(1_500); // the round is under way when OpenSearch goes
        CompletableFuture<List<CheckOutcome>> round = CompletableFuture.supplyAsync(() -> {
            try {
                return checker.runRound();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(800);
        long down = System.currentTimeMillis();
        OwnOpenSearch.down();
        List<String> lateIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // indexed while the registry is away
            String path = path("late-" + i);
            lateIds.add(publishIndexed(
                    path, LoopbackSite.html("Late " + i, "Page " + i + " was indexed during the outage.")));
        }
        Thread.sleep(Math.max(0, OUTAGE_MS - (System.currentTimeMillis() - down)));
        round.handle((r, e) -> null).get();
        OwnOpenSearch.up();
        site.delay(0);

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> lateIds.stream().allMatch(id -> {
                    LinkEntry e = entry(id);
                    return e != null && e.docSha256 != null && e.indexedEpoch > 0;
                }));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    registry.refresh();
                    checker.runRound();
                    return gone.stream().allMatch(id -> entry(id).evicted())
                            && changed.stream()
                                    .allMatch(id -> entry(id).history.stream()
                                            .anyMatch(h -> h.outcome().startsWith("changed")));
                });

        Thread.sleep(2_000); // decisions still on their way to the watch
        for (String id : gone) {
            assertThat(deletes(id)).as(id).isPositive();
        }
        for (String id : concat(changed, same, lateIds)) {
            assertThat(entry(id).evicted()).as(id).isFalse();
            assertThat(deletes(id)).as(id).isZero();
        }
        for (String id : changed) {
            assertThat(kafka.on(Topics.INGEST_REQUESTS, id)).as(id).isNotEmpty();
        }
        for (String id : concat(same, lateIds)) {
            assertThat(kafka.on(Topics.INGEST_REQUESTS, id)).as(id).isEmpty();
        }
        List<String> ours = concat(gone, changed, same, lateIds);
        for (String dlq : List.of(Topics.INDEXED + ".dlq", Topics.DOCUMENTS + ".dlq", Topics.LINKS + ".dlq")) {
            List<ConsumerRecord<String, String>> dead = kafka.readAll(dlq, 2_000);
            assertThat(dead)
                    .as(dlq)
                    .noneMatch(r -> ours.contains(r.key()) || ours.stream().anyMatch(r.value()::contains));
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) all.addAll(l);
        return all;
    }

    /** What ingest and embed-service publish for a page, without waiting for the registry. */
    private String publishIndexed(String path, String html) {
        return publishIndexed(site, path, html, Embedder.EMBEDDING_VERSION);
    }
}
