package io.renvoi.e2e;

import io.renvoi.common.testing.LoopbackSite;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the suites that crawl one loopback site on 127.0.0.1 into a collection of their own: the collection's name
 * (new every run), the suite's {@link Platform} with the site and triton-local ({@link #startSiteAndTritonLocal}),
 * the ingest-service and query-service processes the suite's own {@code @BeforeAll} starts with its settings, and
 * the platform closed after all the suite's tests. Starts and stops servers; reads nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneSiteSuite {
    final String collection;
    final Platform platform = new Platform();
    LoopbackSite site;
    ServiceProcess ingest;
    ServiceProcess query;

    /** A suite whose collection is {@code prefix}, a dash and eight random characters. */
    OneSiteSuite(String prefix) {
        collection = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts the site on 127.0.0.1 and triton-local (both closed with the platform) and returns the settings every
     * service of the suite gets, fetching allowed from 127.0.0.1/32 ({@link Platform#startTritonLocal}).
     */
    Map<String, String> startSiteAndTritonLocal() throws IOException {
        site = platform.add(LoopbackSite.start());
        return platform.startTritonLocal("127.0.0.1/32");
    }

    @AfterAll
    void stopPlatform() throws Exception {
        platform.close();
    }
}
