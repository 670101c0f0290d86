package io.renvoi.common.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** robots.txt (disallow, crawl-delay, caching, agent matching) and per-host politeness on a loopback server. */
class RobotsAndPolitenessTest {
    private HttpServer server;
    private String base;
    private final AtomicInteger robotsReads = new AtomicInteger();
    private final List<Long> pageTimes = new CopyOnWriteArrayList<>();
    private volatile int robotsStatus = 200;
    private volatile long robotsDelayMillis;
    private volatile String robotsTxt =
            "User-agent: *\nDisallow: /private\n\nUser-agent: renvoi\nDisallow: /no-renvoi\nCrawl-delay: 1\n";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/robots.txt", ex -> {
            robotsReads.incrementAndGet();
            try {
                Thread.sleep(robotsDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, robotsStatus, "text/plain", robotsTxt);
        });
        server.createContext("/", ex -> {
            pageTimes.add(System.nanoTime());
            respond(ex, 200, "text/html", "<p>ok</p>");
        });
        server.start();
        base = "http://127.0.0.2:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers {@code ex} with {@code status} and {@code body} (UTF-8) of {@code contentType}, and closes it. */
    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private SafeFetcher fetcher(String userAgent, Duration politeness) {
        FetchLimits d = FetchLimits.defaults();
        return new SafeFetcher(new FetchLimits(
                        List.of("127.0.0.2/32"), d.connectTimeout(), d.totalTimeout(), d.maxBytes(), 3, userAgent)
                .withPoliteness(politeness));
    }

    @Test
    void robotsDisallowIsHonouredForOurAgentAndCachedPerHost() {
        SafeFetcher renvoi = fetcher("Renvoi/0.1", Duration.ZERO);
        FetchResult refused = renvoi.fetch(base + "/no-renvoi/page");
        assertThat(refused.outcome()).isEqualTo(FetchOutcome.ROBOTS_DISALLOWED);
        assertThat(refused.outcome().reason()).isEqualTo("robots-disallowed");
        // The renvoi group replaces the * group: /private is allowed for Renvoi.
        assertThat(renvoi.fetch(base + "/private/page").ok()).isTrue();
        assertThat(robotsReads.get()).isEqualTo(1);

        SafeFetcher other = fetcher("OtherBot/1.0", Duration.ZERO);
        assertThat(other.fetch(base + "/private/page").outcome()).isEqualTo(FetchOutcome.ROBOTS_DISALLOWED);
        assertThat(other.fetch(base + "/no-renvoi/page").ok()).isTrue();
    }

    @Test
    void concurrentFetchesToANewHostReadItsRobotsTxtOnce() throws Exception {
        robotsTxt = "User-agent: *\nAllow: /\n";
        robotsDelayMillis = 300;
        SafeFetcher fetcher = fetcher("Renvoi/0.1", Duration.ZERO);
        List<FetchResult> results = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[6];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> results.add(fetcher.fetch(base + "/herd" + n)));
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        assertThat(results).hasSize(6).allMatch(FetchResult::ok);
        assertThat(robotsReads.get()).isEqualTo(1);
    }

    @Test
    void anUnavailableRobotsTxtRefusesPagesWithItsCauseNotAsADisallow() {
        robotsStatus = 503;
        SafeFetcher fetcher = fetcher("Renvoi/0.1", Duration.ZERO);
        FetchResult refused = fetcher.fetch(base + "/page");
        assertThat(refused.outcome()).isEqualTo(FetchOutcome.HTTP_5XX);
        assertThat(refused.detail()).contains("robots.txt answered 503");
        assertThat(pageTimes).isEmpty(); // RFC 9309: complete disallow while robots.txt is unavailable
        assertThat(fetcher.fetch(base + "/other").outcome()).isEqualTo(FetchOutcome.HTTP_5XX);
        assertThat(robotsReads.get()).isEqualTo(1); // remembered for a while, not asked for every page
    }

    @Test
    void crawlDelaySpacesRequestsToTheHost() {
        SafeFetcher renvoi = fetcher("Renvoi/0.1", Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThat(renvoi.fetch(base + "/p" + i).ok()).isTrue();
        }
        assertThat(pageTimes).hasSize(3);
        assertThat(pageTimes.get(2) - pageTimes.get(1)).isGreaterThanOrEqualTo(950_000_000L);
        assertThat(pageTimes.get(1) - pageTimes.get(0)).isGreaterThanOrEqualTo(950_000_000L);
    }

    @Test
    void politenessIsSharedByConcurrentCallers() throws Exception {
        robotsTxt = "User-agent: *\nAllow: /\n";
        SafeFetcher fetcher = fetcher("Renvoi/0.1", Duration.ofMillis(300));
        fetcher.fetch(base + "/warm"); // reads robots.txt
        pageTimes.clear();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> fetcher.fetch(base + "/c" + n));
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        List<Long> sorted = pageTimes.stream().sorted().toList();
        assertThat(sorted).hasSize(4);
        for (int i = 1; i < sorted.size(); i++) {
            // 300 ms apart at the fetcher; arrival times at the server may be squeezed by a loaded machine's jitter
            assertThat(sorted.get(i) - sorted.get(i - 1)).isGreaterThanOrEqualTo(200_000_000L);
        }
    }

    @Test
    void theScheduleWaitsForTheNextSlotOfEachKey() throws Exception {
        HostSchedule schedule = new HostSchedule();
        Duration interval = Duration.ofMillis(200);
        long t0 = System.nanoTime();
        assertThat(schedule.acquire("a.org", interval)).isEqualTo(Duration.ZERO);
        assertThat(schedule.acquire("b.org", interval)).isEqualTo(Duration.ZERO);
        assertThat(schedule.freeAt("a.org") - System.nanoTime()).isGreaterThan(100_000_000L);
        schedule.acquire("a.org", interval);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(195_000_000L);
        // reserving without waiting tells how long until the slot: the frontier never sleeps inside a fetch. What is
        // left of the 200 ms depends on how long this thread waited to run again, so it is bounded by the clock read
        // just before and just after the call.
        long freeAt = schedule.freeAt("a.org");
        long before = System.nanoTime();
        long wait = schedule.reserve("a.org", interval).toMillis();
        long after = System.nanoTime();
        assertThat(wait)
                .isLessThanOrEqualTo(200L)
                .isBetween(Math.max(0, (freeAt - after) / 1_000_000 - 1), (freeAt - before) / 1_000_000 + 1);
    }

    @Test
    void politenessKeysAreSitesAndOperatorsSetIntervalsForTheirOwnHosts() {
        PolitenessPolicy policy = new PolitenessPolicy(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                java.util.Map.of("docs.example.org", Duration.ofMillis(100)));
        assertThat(policy.key("https://www.example.org/a")).isEqualTo("example.org");
        assertThat(policy.key("https://blog.example.org/b")).isEqualTo("example.org");
        assertThat(policy.key("https://a.b.example.co.uk/")).isEqualTo("example.co.uk");
        assertThat(policy.key("http://127.0.0.3:8080/x")).isEqualTo("127.0.0.3");
        assertThat(policy.key("https://docs.example.org/x")).isEqualTo("docs.example.org");
        assertThat(policy.interval("https://docs.example.org/x", Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(policy.interval("https://www.example.org/x", Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.interval("https://www.example.org/x", Duration.ofSeconds(4)))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.interval("https://www.example.org/x", Duration.ofHours(1)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(PolitenessPolicy.site("https://docs.example.org/x")).isEqualTo("example.org");
    }

    @Test
    void theTimeBudgetStartsWhenTheRequestIsSentNotWhileWaitingForPoliteness() {
        robotsTxt = "User-agent: *\nAllow: /\n";
        FetchLimits d = FetchLimits.defaults();
        // a 400 ms budget and an 800 ms interval: each page waits longer for its turn than its whole budget
        SafeFetcher fetcher = new SafeFetcher(new FetchLimits(
                        List.of("127.0.0.2/32"),
                        d.connectTimeout(),
                        Duration.ofMillis(400),
                        d.maxBytes(),
                        3,
                        "Renvoi/0.1")
                .withPoliteness(Duration.ofMillis(800)));
        for (int i = 0; i < 3; i++) {
            assertThat(fetcher.fetch(base + "/budget" + i).outcome()).isEqualTo(FetchOutcome.OK);
        }
        assertThat(pageTimes).hasSize(3);
        assertThat(pageTimes.get(2) - pageTimes.get(1)).isGreaterThanOrEqualTo(780_000_000L);
    }

    @Test
    void aRobotsTxtThatRedirectsIsFollowedLikeAPage() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        other.createContext("/robots.txt", ex -> {
            ex.getResponseHeaders().add("Location", base + "/robots.txt");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        other.createContext("/", ex -> respond(ex, 200, "text/html", "<p>ok</p>"));
        other.start();
        try {
            String otherBase = "http://127.0.0.2:" + other.getAddress().getPort();
            SafeFetcher renvoi = fetcher("Renvoi/0.1", Duration.ZERO);
            assertThat(renvoi.fetch(otherBase + "/no-renvoi/x").outcome()).isEqualTo(FetchOutcome.ROBOTS_DISALLOWED);
            assertThat(renvoi.robotsVerdict(otherBase + "/no-renvoi/x"))
                    .isEqualTo(SafeFetcher.RobotsVerdict.DISALLOWED);
            assertThat(renvoi.robotsVerdict(otherBase + "/fine")).isEqualTo(SafeFetcher.RobotsVerdict.ALLOWED);
            assertThat(renvoi.fetch(otherBase + "/fine").ok()).isTrue();
        } finally {
            other.stop(0);
        }
    }
}
