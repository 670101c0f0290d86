package io.renvoi.links.config;

import io.renvoi.common.outage.Retrying;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The retry loop every consumer runs its registry step in: transient failures (OpenSearch or Kafka away) are
 * retried from 200 ms, doubling up to {@code renvoi.links.retry-max-backoff}, for as long as the outage lasts.
 */
@ApplicationScoped
public class ConsumerRetries {
    @Produces
    @Singleton
    Retrying retrying(LinkCheckerConfig config) {
        Duration first = Duration.ofMillis(200);
        return new Retrying(first, config.retryMaxBackoff().compareTo(first) < 0 ? first : config.retryMaxBackoff());
    }
}
