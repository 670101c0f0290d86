package io.renvoi.ingest;

import static io.renvoi.ingest.JobsApi.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.events.Topics;
import io.renvoi.common.testing.KafkaWatch;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.common.testing.TestServers;
import io.renvoi.ingest.jobs.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/**
 * OpenSearch goes away for 30 s in the middle of a job (every connection of ingest-service to it is cut and
 * refused, through {@link TcpOutageProxy}): status reads answer 503 with Retry-After meanwhile, and when it
 * returns the job finishes with every URL accounted for and nothing in the dead-letter topics.
 */
@QuarkusTest
@QuarkusTestResource(value = OpenSearchOutageQuarkusTest.ProxyResource.class, restrictToAnnotatedClass = false)
class OpenSearchOutageQuarkusTest {
    static TcpOutageProxy proxy;

    /**
     * Every ingest test's service reaches OpenSearch through the proxy (one application for all tests: a second
     * Quarkus start in the same JVM cannot load the tokenizer's native library again); fake services do not.
     */
    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            URI target = URI.create(TestServers.openSearch());
            try {
                proxy = new TcpOutageProxy(target.getHost(), target.getPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("renvoi.opensearch.url", "http://127.0.0.1:" + proxy.port());
        }

        @Override
        public void stop() {
            try {
                proxy.close();
            } catch (Exception ignored) {
                // test over
            }
        }
    }

    @Test
    void aJobFinishesWithEveryUrlAfterOpenSearchWasAwayForThirtySeconds() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        URI direct = URI.create(TestServers.openSearch());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (LoopbackSite site = TestSites.mixed();
                RestClient openSearch = RestClient.builder(new HttpHost(direct.getHost(), direct.getPort()))
                        .build();
                FakeEmbedService embed = new FakeEmbedService(bootstrap, openSearch);
                KafkaConsumer<String, String> dlq = consumer(bootstrap)) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                urls.add(site.base() + "/ok/outage-" + tag + "-" + i);
            }
            String jobId = JobsApi.submit(Map.of("collection", "outage-test", "urls", urls));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(jobId).progress().indexed() >= 5);

            proxy.down();
            long downAt = System.nanoTime();
            given().when()
                    .get("/api/v1/ingest-jobs/" + jobId)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5");
            Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - downAt) / 1_000_000));
            proxy.up();

            JobStatus[] last = new JobStatus[1];
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        last[0] = status(jobId);
                        return last[0].progress().done() && last[0].progress().indexed() == urls.size();
                    });
            assertThat(last[0].progress().failedCount()).isZero();
            assertThat(last[0].progress().queued()).isZero();
            assertThat(embed.upserts.stream()
                            .filter(e -> e.url().contains("outage-" + tag))
                            .map(e -> e.docId())
                            .distinct())
                    .hasSize(urls.size());
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                dlq.poll(Duration.ofMillis(300)).forEach(dead::add);
            }
            assertThat(dead).noneMatch(r -> r.value().contains("outage-" + tag));
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        KafkaConsumer<String, String> c = KafkaWatch.consumer(
                bootstrap,
                "latest",
                List.of(Topics.deadLetter(Topics.INGEST_REQUESTS), Topics.deadLetter(Topics.INDEXED)));
        while (c.assignment().isEmpty()) {
            c.poll(Duration.ofMillis(200));
        }
        return c;
    }
}
