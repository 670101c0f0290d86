package io.renvoi.links;

import io.quarkus.test.junit.QuarkusTest;
import io.renvoi.common.testing.HostileInputSuite;
import io.renvoi.common.testing.HostileRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hostile and malformed requests to every link-checker endpoint (listing filters and pages, document ids,
 * held-eviction hosts, methods, media types): each gets the expected 4xx with an application/problem+json
 * body, never a 5xx, and no id ever reaches an OpenSearch path.
 */
@QuarkusTest
class HostileInputQuarkusTest extends HostileInputSuite {
    private static final String LINKS = "/api/v1/links";

    static HostileRequest get(String name, String path, int status) {
        return HostileRequest.of(name, "GET", path, status);
    }

    static HostileRequest post(String name, String path, int status) {
        return HostileRequest.of(name, "POST", path, status);
    }

    static Stream<HostileRequest> cases() {
        List<HostileRequest> c = new ArrayList<>();
        c.add(get("status unknown", LINKS + "?status=zombie", 400));
        c.add(get("status upper-case junk", LINKS + "?status=ACTIVE%00", 400));
        c.add(get("status with a wildcard", LINKS + "?status=*", 400));
        c.add(get("page negative", LINKS + "?page=-1", 400));
        c.add(get("page beyond the window", LINKS + "?page=100000", 400));
        c.add(get("page a word", LINKS + "?page=two", 400));
        c.add(get("page beyond int", LINKS + "?page=99999999999999999999", 400));
        c.add(get("page fractional", LINKS + "?page=1.5", 400));
        c.add(get("collection with spaces", LINKS + "?collection=A%20B", 400));
        c.add(get("collection wildcard", LINKS + "?collection=*", 400));
        c.add(get("id percent sign", LINKS + "/%25", 404));
        c.add(get("id with a query", LINKS + "/x%3Fq%3D1", 404));
        c.add(get("id encoded slash", LINKS + "/..%2F..%2F_cluster%2Fhealth", 404));
        c.add(get("id with a NUL", LINKS + "/%00", 404));
        c.add(get("id upper-case hex", LINKS + "/ABCDEF0123456789", 404));
        c.add(get("id of 2000 characters", LINKS + "/" + "a".repeat(2000), 404));
        c.add(get("id with unicode", LINKS + "/%E2%80%AEabc", 404));
        c.add(get("id OpenSearch API", LINKS + "/_search", 404));
        c.add(post("check of an unknown id", LINKS + "/0123456789abcdef0123456789abcdef/check", 404));
        c.add(post("check of a bad id", LINKS + "/%25/check", 404));
        c.add(post("check of an id with a slash", LINKS + "/a%2Fb/check", 404));
        c.add(post("release a bad host", LINKS + "/held/not%20a%20host/release", 400));
        c.add(post("release a host with a path", LINKS + "/held/a.org%2Fx/release", 400));
        c.add(post("release a host holding nothing", LINKS + "/held/nothing-held.example.org/release", 404));
        c.add(post("discard a bad host", LINKS + "/held/%00/discard", 400));
        c.add(post("discard a host holding nothing", LINKS + "/held/nothing-held.example.org/discard", 404));
        c.add(post("discard a host of 300 characters", LINKS + "/held/" + "a".repeat(300) + ".org/discard", 400));
        c.add(HostileRequest.of("DELETE a link", "DELETE", LINKS + "/0123456789abcdef", 405));
        c.add(HostileRequest.of("PUT stats", "PUT", LINKS + "/stats", 405));
        c.add(HostileRequest.of("stats as XML", "GET", LINKS + "/stats", 406).accepting("application/xml"));
        c.add(HostileRequest.of("GET a release", "GET", LINKS + "/held/a.org/release", 405));
        return c.stream();
    }
}
