package io.renvoi.links;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Politeness on (400 ms between two checks of one site, a forced check waits at most 1 s for the slot) and a
 * mass-eviction guard that trips on a small host: more than 20 % of its entries and at least 3 evictions.
 */
public class GuardedHostsProfile implements QuarkusTestProfile {
    static final long HOST_DELAY_MS = 400;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "renvoi.links.host-delay",
                HOST_DELAY_MS + "ms",
                "renvoi.links.host-wait",
                "1s",
                "renvoi.links.mass-eviction.min-evictions",
                "3",
                "renvoi.links.mass-eviction.share",
                "0.2");
    }
}
