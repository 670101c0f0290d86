package io.renvoi.links;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.OpenSearchClientProducer;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.links.check.HostGate;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;

/** {@code POST /api/v1/links/{docId}/check} goes through the host's politeness like a scheduled check. */
@QuarkusTest
@TestProfile(GuardedHostsProfile.class)
class ForcedCheckPolitenessQuarkusTest extends LinkFixture {
    @Inject
    RestClient client;

    @Test
    void forcedChecksOfOneSiteAreSpacedByItsPoliteness() throws Exception {
        String a = path("polite-a");
        String b = path("polite-b");
        String idA = register(a, LoopbackSite.html("A", "The first page of a polite site."));
        String idB = register(b, LoopbackSite.html("B", "The second page of a polite site."));

        // Each check takes the site's slot in rag-link-hosts; read when the next slot starts after each one.
        List<Long> nextAllowed = new ArrayList<>();
        for (String id : List.of(idA, idB, idA)) {
            given().when()
                    .post("/api/v1/links/" + id + "/check")
                    .then()
                    .statusCode(200)
                    .body("verdict", equalTo("unchanged"));
            nextAllowed.add(nextAllowedAt("127.0.0.1"));
        }
        List<Long> arrivals = new ArrayList<>(site.requestTimes(a));
        arrivals.addAll(site.requestTimes(b));
        Collections.sort(arrivals);
        assertThat(arrivals).hasSize(3);
        for (int i = 1; i < arrivals.size(); i++) {
            // slots granted at least the site's delay apart ...
            assertThat(nextAllowed.get(i) - nextAllowed.get(i - 1))
                    .as("slot %d after slot %d", i, i - 1)
                    .isGreaterThanOrEqualTo(GuardedHostsProfile.HOST_DELAY_MS);
            // ... and no request reached the site before the slot the previous check left allowed it (one
            // clock: the site runs in this JVM). Gaps between arrivals would also count the network's jitter.
            assertThat(arrivals.get(i))
                    .as("request %d against the slot check %d left", i, i - 1)
                    .isGreaterThanOrEqualTo(nextAllowed.get(i - 1));
        }
    }

    @Test
    void aForcedCheckOfASiteWhoseSlotStaysTakenIsA503AndFetchesNothing() throws Exception {
        String path = path("busy-site");
        String docId = register(path, LoopbackSite.html("Busy", "Another replica checks this site right now."));
        given().when().get("/api/v1/links/stats").then().statusCode(200); // REST Assured's first call is slow
        // another replica holds the site's slot for a minute, far longer than host-wait (1 s)
        takeSlot(System.currentTimeMillis() + 60_000);
        int hits = site.hits(path);

        given().when()
                .post("/api/v1/links/" + docId + "/check")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertThat(site.hits(path)).isEqualTo(hits);
        assertThat(entry(docId).leaseOwner).isNull();
        assertThat(entry(docId).lastCheckAt).isNull();
        takeSlot(0); // that replica is done
        given().when().post("/api/v1/links/" + docId + "/check").then().statusCode(200);
        assertThat(site.hits(path)).isEqualTo(hits + 1);
    }

    private long nextAllowedAt(String host) throws java.io.IOException {
        Map<?, ?> slot = OpenSearchClientProducer.typed(client)
                .get(g -> g.index(HostGate.INDEX).id(host), Map.class)
                .source();
        return ((Number) slot.get("nextAllowedAt")).longValue();
    }

    private void takeSlot(long until) throws java.io.IOException {
        // through the index's own bootstrap first: a raw write to a missing index would auto-create it unaliased
        new EnsuredIndex(client, HostGate.DEFINITION).ensure();
        Map<String, Object> slot = Map.of("host", "127.0.0.1", "owner", "other", "nextAllowedAt", until);
        OpenSearchClientProducer.typed(client)
                .index(i -> i.index(HostGate.INDEX).id("127.0.0.1").document(slot));
    }
}
