package io.renvoi.common.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The failure reasons users read in job reports and events come from the outcome names: renaming a constant changes
 * what users see, so the whole list is pinned here.
 */
class FetchOutcomeTest {
    @Test
    void reasonsAreTheNamesInLowerCaseWithDashes() {
        assertThat(Arrays.stream(FetchOutcome.values()).map(FetchOutcome::reason))
                .containsExactly(
                        "ok",
                        "not-modified",
                        "gone",
                        "http-4xx",
                        "http-5xx",
                        "private-address",
                        "too-large",
                        "unsupported-type",
                        "robots-disallowed",
                        "tls",
                        "too-many-redirects",
                        "timeout",
                        "dns",
                        "connection",
                        "invalid-url");
    }
}
