package io.renvoi.ingest;

import static io.renvoi.ingest.JobsApi.awaitDone;
import static io.renvoi.ingest.JobsApi.status;
import static io.renvoi.ingest.JobsApi.submit;
import static io.renvoi.ingest.JobsApi.submitSitemap;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.ingest.jobs.JobStatus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/**
 * The crawl frontier under the shipped rules, on four loopback hosts (127.0.0.2-127.0.0.5), each with an operator
 * interval of 200 ms ({@code renvoi.fetch.hosts."127.0.0.N".interval} in the test profile): requests to one
 * host are spaced by the interval while hosts proceed side by side; a stalled host holds none of the others;
 * a one-page job is served within a few turns during another job's crawl of the same host; a job reports its
 * time to completion; sitemaps (index, gzip, lastmod, nesting and size limits); hostile pages fail alone with
 * their reason while the job reaches done.
 */
@QuarkusTest
class FrontierQuarkusTest {
    private static final long INTERVAL_NANOS = Duration.ofMillis(200).toNanos();
    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Inject
    RestClient openSearch;

    private final List<LoopbackSite> hosts = new ArrayList<>();
    private FakeEmbedService embed;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws Exception {
        for (int i = 2; i <= 5; i++) {
            hosts.add(TestSites.host("127.0.0." + i));
        }
        embed = new FakeEmbedService(bootstrap, openSearch);
    }

    @AfterEach
    void stop() throws Exception {
        hosts.forEach(LoopbackSite::close);
        embed.close();
    }

    @Test
    void eachHostIsSpacedByItsIntervalWhileHostsProceedSideBySide() {
        List<String> urls = new ArrayList<>();
        for (LoopbackSite h : hosts) {
            for (int i = 0; i < 12; i++) urls.add(h.base() + "/p/" + tag + "-" + i);
        }
        JobStatus status = awaitDone(submit("frontier-a", urls));
        assertThat(status.progress().indexed()).isEqualTo(48);
        assertThat(status.progress().failedCount()).isZero();
        long firstStart = Long.MAX_VALUE;
        long lastStart = Long.MIN_VALUE;
        for (LoopbackSite h : hosts) {
            List<Long> times = h.pageRequests().stream()
                    .map(LoopbackSite.Request::nanoTime)
                    .sorted()
                    .toList();
            assertThat(times).hasSize(12);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1))
                        .as("gap %d on %s", i, h.address())
                        .isGreaterThanOrEqualTo(INTERVAL_NANOS - 5_000_000L);
            }
            firstStart = Math.min(firstStart, times.get(times.size() - 1));
            lastStart = Math.max(lastStart, times.get(0));
        }
        // every host had started before any host finished: the hosts were crawled side by side, not one after another
        assertThat(lastStart).isLessThan(firstStart);
    }

    @Test
    void aStalledHostHoldsNoneOfTheOthers() {
        LoopbackSite stalled = hosts.get(3);
        TestSites.stall(stalled, 4000);
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) slow.add(stalled.base() + "/slow/" + tag + i);
        String slowJob = submit("frontier-stall", slow);
        List<String> fast = new ArrayList<>();
        for (int i = 0; i < 10; i++) fast.add(hosts.get(0).base() + "/p/stall-" + tag + i);
        JobStatus done = awaitDone(submit("frontier-stall", fast));
        assertThat(done.progress().indexed()).isEqualTo(10);
        JobStatus stillSlow = status(slowJob);
        assertThat(stillSlow.progress().done()).isFalse();
        assertThat(awaitDone(slowJob).progress().indexed()).isEqualTo(4);
    }

    @Test
    void aOnePageJobIsServedWithinAFewTurnsDuringAnotherJobsCrawlOfTheSameHost() {
        LoopbackSite host = hosts.get(1);
        List<String> crawl = new ArrayList<>();
        for (int i = 0; i < 60; i++) crawl.add(host.base() + "/p/crawl-" + tag + i);
        String bigJob = submit("frontier-big", crawl);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(bigJob).progress().fetched() >= 3);
        int requestsBefore = host.pageRequests().size();
        String smallPath = "/p/small-" + tag;
        String oneSameHost = submit("frontier-small", List.of(host.base() + smallPath));
        String oneOtherHost = submit("frontier-small", List.of(hosts.get(2).base() + smallPath));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(oneSameHost).progress().done()
                        && status(oneOtherHost).progress().done());
        // round robin between the jobs of a host: the one-page job's URL went within a few turns (it takes a moment to
        // reach the host's queue through Kafka), not after the 50-odd URLs of the crawl still waiting
        List<String> order =
                host.pageRequests().stream().map(LoopbackSite.Request::path).toList();
        assertThat(order.indexOf(smallPath) - requestsBefore).isBetween(0, 8);
        JobStatus big = status(bigJob);
        assertThat(big.progress().done()).isFalse();
        // the job reports when its queue should be through: at least 0.2 s (the politeness interval) per waiting URL
        // of the host, more when the host's turns were seen taking longer (a loaded machine)
        JobStatus withEta =
                await().atMost(Duration.ofSeconds(10)).until(() -> status(bigJob), s -> s.etaSeconds() != null);
        assertThat(withEta.etaSeconds()).isBetween(1L, 40L);
        assertThat(awaitDone(oneSameHost).progress().indexed()).isEqualTo(1);
        assertThat(awaitDone(oneOtherHost).progress().indexed()).isEqualTo(1);
        assertThat(awaitDone(bigJob).progress().indexed()).isEqualTo(60);
    }

    @Test
    void sitemapIndexesAndGzipAreReadAndLastmodSkipsPagesNotModifiedSinceIndexed() throws Exception {
        LoopbackSite host = hosts.get(2);
        StringBuilder urlset = new StringBuilder(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (int i = 0; i < 6; i++) {
            urlset.append("<url><loc>")
                    .append(host.base())
                    .append("/p/sm-")
                    .append(tag)
                    .append(i)
                    .append("</loc><lastmod>2020-01-01</lastmod></url>");
        }
        String pages = host.sitemap(
                "/sitemaps/pages-" + tag + ".xml.gz", urlset.append("</urlset>").toString());
        String index = host.sitemap(
                "/sitemaps/index-" + tag + ".xml",
                "<?xml version=\"1.0\"?><sitemapindex "
                        + "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" + pages
                        + "</loc></sitemap></sitemapindex>");
        JobStatus first = awaitDone(submitSitemap("frontier-sitemap", index));
        assertThat(first.progress().total()).isEqualTo(6);
        assertThat(first.progress().indexed()).isEqualTo(6);
        int hitsAfterFirst = host.pageRequests().size();

        JobStatus second = awaitDone(submitSitemap("frontier-sitemap", index));
        assertThat(second.progress().unchanged()).isEqualTo(6);
        assertThat(host.pageRequests().size())
                .as("pages not modified since indexed are not fetched")
                .isEqualTo(hitsAfterFirst);
    }

    @Test
    void sitemapsNestedTooDeepOrListingTooManyUrlsFailTheirJobWithAReason() throws Exception {
        LoopbackSite host = hosts.get(2);
        String leaf = host.sitemap(
                "/sitemaps/leaf-" + tag + ".xml",
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">" + "<url><loc>"
                        + host.base() + "/p/leaf</loc></url></urlset>");
        String level3 = host.sitemap("/sitemaps/l3-" + tag + ".xml", index(leaf));
        String level2 = host.sitemap("/sitemaps/l2-" + tag + ".xml", index(level3));
        String level1 = host.sitemap("/sitemaps/l1-" + tag + ".xml", index(level2));
        JobStatus deep = awaitDone(submitSitemap("frontier-sitemap", level1));
        assertThat(deep.error()).startsWith("sitemap-too-deep");
        assertThat(deep.progress().total()).isZero();

        StringBuilder huge = new StringBuilder(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (int i = 0; i <= 10_000; i++)
            huge.append("<url><loc>")
                    .append(host.base())
                    .append("/p/h")
                    .append(i)
                    .append("</loc></url>");
        String tooMany = host.sitemap(
                "/sitemaps/huge-" + tag + ".xml", huge.append("</urlset>").toString());
        JobStatus big = awaitDone(submitSitemap("frontier-sitemap", tooMany));
        assertThat(big.error()).startsWith("sitemap-too-large").contains("10000");
    }

    @Test
    void hostilePagesFailAloneWithTheirReasonAndTheJobReachesDone() {
        LoopbackSite host = hosts.get(0);
        List<String> urls = List.of(
                host.base() + "/bomb",
                host.base() + "/nested",
                host.base() + "/big.pdf",
                host.base() + "/p/fine-" + tag);
        JobStatus status = awaitDone(submit("frontier-hostile", urls));
        Map<String, String> reasons = status.failed().stream()
                .collect(Collectors.toMap(f -> f.url().substring(f.url().lastIndexOf('/')), JobStatus.Failure::reason));
        assertThat(reasons).containsEntry("/bomb", "too-large").containsEntry("/big.pdf", "unreadable");
        // 200,000 nested elements: jsoup reads them within the time limit, or the page fails with a reason
        if (reasons.containsKey("/nested")) {
            assertThat(reasons.get("/nested")).isIn("timeout", "unreadable", "too-large");
        }
        assertThat(status.progress().indexed() + status.progress().failedCount())
                .isEqualTo(4);
        assertThat(status.progress().indexed()).isEqualTo(reasons.containsKey("/nested") ? 1 : 2);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static String index(String child) {
        return "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>"
                + child + "</loc></sitemap></sitemapindex>";
    }
}
