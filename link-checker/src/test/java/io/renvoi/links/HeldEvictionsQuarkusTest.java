package io.renvoi.links;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.check.LinkChecker;
import io.renvoi.links.registry.LinkEntry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mass-eviction guard: a host whose pages all turn 410 loses only its first evictions, the rest are held,
 * counted, listed by the admin API, and released or discarded there. Each host is a site of its own (its port).
 */
@QuarkusTest
@TestProfile(GuardedHostsProfile.class)
class HeldEvictionsQuarkusTest extends LinkFixture {
    static final int PAGES = 6;

    @Inject
    LinkChecker checker;

    @Inject
    MeterRegistry meters;

    @Test
    void aHostTurningGoneHasItsEvictionsHeldThenReleasedByAnOperator() throws Exception {
        try (LoopbackSite host = LoopbackSite.start()) {
            List<String> ids = goneHost(host, "release");
            String name = host.hostAndPort();
            // 6 entries: an eviction is held once it would be the 3rd (>= 3, and > 20 % of 6)
            assertThat(statuses(ids)).containsExactly("evicted", "evicted", "held", "held", "held", "held");
            assertThat(meters.counter("renvoi.links.held", "host", name).count())
                    .isEqualTo(4.0);
            Thread.sleep(1_000);
            assertThat(ids.stream().mapToLong(this::deletes).sum()).isEqualTo(2);

            given().when()
                    .get("/api/v1/links/held")
                    .then()
                    .statusCode(200)
                    .body("hosts.host", hasItem(name))
                    .body("hosts.find { it.host == '" + name + "' }.held", equalTo(4))
                    .body("hosts.find { it.host == '" + name + "' }.byReason.gone", equalTo(4));
            given().queryParam("status", "held")
                    .when()
                    .get("/api/v1/links")
                    .then()
                    .statusCode(200)
                    .body("entries.docId", hasItem(ids.get(5)));

            given().when()
                    .post("/api/v1/links/held/" + name + "/release")
                    .then()
                    .statusCode(200)
                    .body("host", equalTo(name))
                    .body("released", equalTo(4));
            assertThat(statuses(ids)).containsOnly("evicted");
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> deletes(id) == 1));
            assertThat(entry(ids.get(5)).history).anyMatch(h -> h.outcome().equals("released"));
            given().when()
                    .post("/api/v1/links/held/" + name + "/release")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void discardedHeldEvictionsLeaveTheEntriesActive() throws Exception {
        try (LoopbackSite host = LoopbackSite.start()) {
            List<String> ids = goneHost(host, "discard");
            String name = host.hostAndPort();
            List<String> held = ids.subList(2, PAGES);
            given().when()
                    .post("/api/v1/links/held/" + name + "/discard")
                    .then()
                    .statusCode(200)
                    .body("discarded", equalTo(4));
            for (String id : held) {
                LinkEntry e = entry(id);
                assertThat(e.status).isEqualTo("active");
                assertThat(e.heldAt).isNull();
                assertThat(e.nextCheckAt).isGreaterThan(System.currentTimeMillis());
            }
            Thread.sleep(1_000);
            assertThat(held.stream().mapToLong(this::deletes).sum()).isZero();
            given().when()
                    .get("/api/v1/links/held")
                    .then()
                    .statusCode(200)
                    .body("hosts.host", org.hamcrest.Matchers.not(hasItem(name)));
        }
    }

    /** {@code %test.renvoi.links.confirm-after}. */
    static final long CONFIRM_AFTER_MS = 2_000;

    @Test
    void aHostBreakingGraduallyCountsItsSuspectedLossesAsEvictionsOnTheWay() throws Exception {
        try (LoopbackSite host = LoopbackSite.start()) {
            Pages pages = registerPages(
                    host,
                    "gradual",
                    10,
                    i -> LoopbackSite.html("Gradual " + i, "Page " + i + " of a site breaking slowly."));
            List<String> paths = pages.paths();
            List<String> ids = pages.ids();
            // 4 of 10 pages answer 404: each is only suspect at first, none evicted
            for (int i = 0; i < 4; i++) {
                host.fail(paths.get(i), 404, null);
                assertThat(checker.checkNow(ids.get(i)).orElseThrow().status()).isEqualTo("suspect");
            }
            Thread.sleep(CONFIRM_AFTER_MS + 200);
            // the first confirmed 404 would be the host's only eviction so far, but 3 more are on the way:
            // 4 > 20 % of 10 and >= 3, so it is held
            assertThat(checker.checkNow(ids.get(0)).orElseThrow().status()).isEqualTo("held");
            assertThat(statuses(ids.subList(1, 4))).containsOnly("suspect");
            Thread.sleep(1_000);
            assertThat(deletes(ids.get(0))).isZero();
            given().when()
                    .post("/api/v1/links/held/" + host.hostAndPort() + "/discard")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void aLoneConfirmedLossOnAHealthyHostIsEvicted() throws Exception {
        try (LoopbackSite host = LoopbackSite.start()) {
            Pages pages = registerPages(
                    host, "healthy", 10, i -> LoopbackSite.html("Healthy " + i, "Page " + i + " of a healthy site."));
            List<String> paths = pages.paths();
            List<String> ids = pages.ids();
            // 2 suspects (this one and one other): 2 < min-evictions 3
            host.fail(paths.get(0), 404, null);
            host.fail(paths.get(1), 404, null);
            checker.checkNow(ids.get(0)).orElseThrow();
            checker.checkNow(ids.get(1)).orElseThrow();
            Thread.sleep(CONFIRM_AFTER_MS + 200);
            assertThat(checker.checkNow(ids.get(0)).orElseThrow().status()).isEqualTo("evicted");
            await().atMost(Duration.ofSeconds(30)).until(() -> deletes(ids.get(0)) == 1);
        }
    }

    @Test
    void unknownAndMalformedHostsAreProblems() {
        given().when()
                .post("/api/v1/links/held/nowhere.example/release")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().when()
                .post("/api/v1/links/held/nowhere.example/discard")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().urlEncodingEnabled(false)
                .when()
                .post("/api/v1/links/held/a%20b/release")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    /** Registers {@link #PAGES} pages on {@code host}, makes them all 410 and checks them one after the other. */
    private List<String> goneHost(LoopbackSite host, String name) throws Exception {
        Pages pages = registerPages(
                host, name, PAGES, i -> LoopbackSite.html("Page " + i, "Page " + i + " of a site about to break."));
        for (String path : pages.paths()) {
            host.fail(path, 410, null);
        }
        for (String id : pages.ids()) {
            checker.checkNow(id).orElseThrow();
        }
        return pages.ids();
    }

    private List<String> statuses(List<String> ids) {
        return ids.stream().map(id -> entry(id).status).toList();
    }
}
