package io.renvoi.ingest;

import static io.renvoi.ingest.JobsApi.awaitDone;
import static io.renvoi.ingest.JobsApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.embed.Embedder;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.KafkaWatch;
import io.renvoi.ingest.jobs.JobStatus;
import io.renvoi.ingest.jobs.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * ingest-service on the real test Kafka and OpenSearch, fetching from a loopback site, with a stand-in
 * for embed-service: a 200-URL job with mixed outcomes, unchanged detection on a second run, job state
 * read back by a fresh store (as after a restart), a sitemap job, and poison records to the DLQ.
 */
@QuarkusTest
class IngestJobQuarkusTest extends OnMixedSiteWithEmbed {
    @Test
    void mixedJobReportsEveryOutcomeThenUnchangedOnTheSecondRun() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> urls = TestSites.mixedUrls(site, tag);
        String jobId = submit(Map.of("collection", "jobs-test", "urls", urls), 200);

        JobStatus status = awaitDone(jobId);
        assertThat(status.progress().indexed()).isEqualTo(130);
        assertThat(status.progress().unchanged()).isZero();
        assertThat(status.progress().fetched()).isEqualTo(130);
        assertThat(status.progress().queued()).isZero();
        assertThat(status.progress().failedCount()).isEqualTo(70);
        Map<String, Long> reasons = status.failed().stream()
                .collect(Collectors.groupingBy(JobStatus.Failure::reason, Collectors.counting()));
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "http-404",
                        20L,
                        "http-5xx",
                        20L,
                        "noindex",
                        10L,
                        "robots-disallowed",
                        10L,
                        "unsupported-type",
                        10L));

        // A fresh store on the same index sees the same progress: nothing lives in the replica's memory.
        assertThat(new JobStore(openSearch).find(jobId)).contains(status);

        int upsertsBefore = embed.upserts.size();
        String again = submit(Map.of("collection", "jobs-test", "urls", urls), 200);
        JobStatus second = awaitDone(again);
        assertThat(second.progress().unchanged()).isEqualTo(130);
        assertThat(second.progress().indexed()).isZero();
        assertThat(second.progress().failedCount()).isEqualTo(70);
        assertThat(embed.upserts.size()).isEqualTo(upsertsBefore);
    }

    @Test
    void documentsEmbeddedByAnOlderModelAreReEmbeddedThoughTheirTextIsUnchanged() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> urls =
                List.of(site.base() + "/ok/old-model-" + tag + "-1", site.base() + "/ok/old-model-" + tag + "-2");
        embed.embeddingVersion = "all-minilm-l6-v2/128"; // as a release that read 128 word pieces wrote them
        assertThat(awaitDone(submit(Map.of("collection", "jobs-test", "urls", urls), 2))
                        .progress()
                        .indexed())
                .isEqualTo(2);

        embed.embeddingVersion = Embedder.EMBEDDING_VERSION;
        int upsertsBefore = embed.upserts.size();
        JobStatus second = awaitDone(submit(Map.of("collection", "jobs-test", "urls", urls), 2));
        assertThat(second.progress().unchanged()).isZero();
        assertThat(second.progress().indexed()).isEqualTo(2);
        assertThat(embed.upserts.size()).isEqualTo(upsertsBefore + 2);

        // now embedded by this build: unchanged from here on
        assertThat(awaitDone(submit(Map.of("collection", "jobs-test", "urls", urls), 2))
                        .progress()
                        .unchanged())
                .isEqualTo(2);
        assertThat(embed.upserts.size()).isEqualTo(upsertsBefore + 2);
    }

    @Test
    void sitemapJobAndDuplicateUrls() {
        String jobId = JobsApi.submit(Map.of("collection", "jobs-test", "sitemap", site.base() + "/sitemap.xml"));
        JobStatus status = awaitDone(jobId);
        assertThat(status.progress().total()).isEqualTo(5);
        assertThat(status.progress().indexed()).isEqualTo(5);
        assertThat(status.progress().failedCount()).isZero();
        // One page, one id: case, default port and fragment variants collapse.
        submit(
                Map.of(
                        "collection",
                        "jobs-test",
                        "urls",
                        List.of(site.base() + "/ok/dup", site.base().replace("http", "HTTP") + "/ok/dup#x")),
                1);
    }

    @Test
    void singleDocumentStillWorks() {
        String jobId = JobsApi.submitDocument(site.base() + "/md/single", "jobs-test");
        assertThat(awaitDone(jobId).progress().indexed()).isEqualTo(1);
    }

    @Test
    void poisonRequestsGoToTheDeadLetterTopicAndWorkGoesOn() throws Exception {
        List<ConsumerRecord<String, String>> dead = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> dlq =
                        KafkaWatch.consumer(bootstrap, "earliest", List.of(Topics.deadLetter(Topics.INGEST_REQUESTS)));
                KafkaProducer<String, String> producer = KafkaWatch.producer(bootstrap)) {
            String key = "poison-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(Topics.INGEST_REQUESTS, key, "{not json"))
                    .get();
            producer.send(new ProducerRecord<>(Topics.INGEST_REQUESTS, key + "b", "{\"url\": null}"))
                    .get();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dlq.poll(Duration.ofMillis(500)).forEach(dead::add);
                return dead.stream().filter(r -> r.key().startsWith(key)).count() == 2;
            });
        }
        ConsumerRecord<String, String> first = dead.stream()
                .filter(r -> r.value().equals("{not json"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(first.headers().lastHeader("dead-letter-reason").value()))
                .contains("not a valid IngestRequest");
        String jobId = submit(Map.of("collection", "jobs-test", "urls", List.of(site.base() + "/ok/after-poison")), 1);
        assertThat(awaitDone(jobId).progress().indexed()).isEqualTo(1);
    }
}
