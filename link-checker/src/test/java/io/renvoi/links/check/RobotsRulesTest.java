package io.renvoi.links.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.renvoi.common.fetch.FetchLimits;
import io.renvoi.common.fetch.SafeFetcher;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** robots.txt groups and precedence, without a network. */
class RobotsRulesTest {
    private final RobotsRules rules = new RobotsRules(new SafeFetcher(FetchLimits.defaults()), "Renvoi/0.1", Duration.ZERO);

    @Test
    void ownGroupWinsOverStarAndLongestPrefixDecides() {
        var parsed = rules.parse("""
                User-agent: *
                Disallow: /

                User-agent: Googlebot
                User-agent: renvoi
                Disallow: /private/  # comment
                Allow: /private/open
                """, 0);
        assertThat(parsed.disallow()).containsExactly("/private/");
        assertThat(parsed.allow()).containsExactly("/private/open");
    }

    @Test
    void starGroupAppliesWhenNoGroupNamesUs() {
        var parsed = rules.parse("User-agent: other\nDisallow: /x\n\nUser-agent: *\nDisallow: /y\nDisallow:\n", 0);
        assertThat(parsed.disallow()).containsExactly("/y");
    }
}
