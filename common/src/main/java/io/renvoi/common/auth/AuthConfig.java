package io.renvoi.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Access control settings ({@code renvoi.auth.*}), the same in the four services. */
@ConfigMapping(prefix = "renvoi.auth")
public interface AuthConfig {
    /**
     * The bootstrap admin key (env {@code RENVOI_AUTH_ADMIN_KEY}: a Secret on Kubernetes, {@code .renvoi/admin.key}
     * locally). Without it only keys from {@code rag.keys} are accepted, and none can be created.
     */
    Optional<String> adminKey();

    /** What a key gets when it was created without its own limits. Admin keys are not limited. */
    DefaultLimits defaultLimits();

    /** How long the key follower waits for new key records in one poll: revocation delay is about this. */
    @WithDefault("200ms")
    Duration pollInterval();

    interface DefaultLimits {
        @WithDefault("4")
        int concurrentJobs();

        @WithDefault("10000")
        int urlsPerHour();

        @WithDefault("20")
        double queriesPerSecond();
    }

    /** The defaults as a {@link KeyLimits}. */
    default KeyLimits limits() {
        DefaultLimits d = defaultLimits();
        return new KeyLimits(d.concurrentJobs(), d.urlsPerHour(), d.queriesPerSecond());
    }
}
