package io.renvoi.e2e;

import static io.renvoi.e2e.ServiceApi.jobStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renvoi.common.testing.LoopbackSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ingest job survives the crash of the ingest-service replica that crawls it: two replicas share
 * rag.ingest.requests (keyed by site, so one of them owns the site's queue), politeness on (100 ms), the owner
 * is killed with SIGKILL in the middle of a 60-URL job from a slow site, the other takes the site's partition
 * over and finishes the job from the committed offsets, and a restarted replica reports the same, complete
 * status from rag-jobs. Every page is indexed exactly once and no URL is counted twice, although the requests
 * waiting in the dead replica's queue are delivered again.
 */
class IngestRestartIT {
    private static final int PAGES = 60;
    private final String collection = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ServiceProcess> services = new ArrayList<>();
    private LoopbackSite site;

    @AfterEach
    void stop() throws Exception {
        for (ServiceProcess s : services) {
            s.close();
        }
        if (site != null) site.close();
    }

    @Test
    void aJobSurvivesTheCrashOfTheReplicaThatAcceptedIt() throws Exception {
        site = LoopbackSite.start();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) {
            urls.add(site.put(
                    "/restart/" + i + ".html",
                    "Page " + i,
                    "Lamp room log entry number " + i + " of the night watch."));
        }
        site.delay(100);
        ServiceProcess first = start("ingest-service");
        ServiceProcess second = start("ingest-service");
        start("embed-service");

        String jobId = ServiceApi.submitJob(first, collection, urls);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) jobStatus(second, jobId).get("fetched")).intValue() >= 10);
        // the replica whose frontier holds the site's queue is the one to kill
        ServiceProcess owner = queued(first) > 0 ? first : second;
        ServiceProcess survivor = owner == first ? second : first;
        assertThat(queued(owner)).isGreaterThan(0);
        owner.kill();
        assertThat(jobStatus(survivor, jobId).get("done")).isEqualTo(false);

        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Boolean.TRUE.equals(jobStatus(survivor, jobId).get("done")));
        ServiceProcess restarted = start("ingest-service");
        Thread.sleep(1500); // rag-jobs counts come from a near-real-time search
        Map<String, Object> after = jobStatus(restarted, jobId);
        assertThat(after)
                .containsEntry("total", PAGES)
                .containsEntry("indexed", PAGES)
                .containsEntry("queued", 0)
                .containsEntry("failedCount", 0)
                .containsEntry("done", true);
        assertThat(jobStatus(survivor, jobId)).isEqualTo(after);
        assertThat(TestServers.chunkCount(collection)).isEqualTo(PAGES);
        assertThat(TestServers.distinctDocuments(collection)).isEqualTo(PAGES);
    }

    private ServiceProcess start(String module) throws Exception {
        Map<String, String> props = TestServers.serviceSettings("127.0.0.1/32");
        if (module.equals("ingest-service")) {
            // a crashed replica's partitions move to the survivor after this, not after the 45 s default
            props.put("mp.messaging.incoming.ingest-requests-in.session.timeout.ms", "6000");
            props.put("mp.messaging.incoming.ingest-requests-in.heartbeat.interval.ms", "1000");
        }
        ServiceProcess p = ServiceProcess.start(module, props);
        services.add(p);
        p.awaitReady(Duration.ofSeconds(120));
        return p;
    }

    /** Requests waiting in a replica's frontier, from its metrics. */
    private static double queued(ServiceProcess ingest) {
        String metrics = given().get(ingest.url("/q/metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("renvoi_frontier_queued"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
