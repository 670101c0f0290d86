package io.renvoi.ingest;

import io.renvoi.common.testing.LoopbackSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The in-process tests that fetch from {@link TestSites#mixed()}: a fresh site for each test, closed after it. */
abstract class OnMixedSite {
    protected LoopbackSite site;

    @BeforeEach
    void startSite() {
        site = TestSites.mixed();
    }

    @AfterEach
    void closeSite() {
        site.close();
    }
}
