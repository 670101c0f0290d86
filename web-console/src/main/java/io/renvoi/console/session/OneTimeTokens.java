package io.renvoi.console.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.renvoi.console.ConsoleConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * One-time sign-in tokens for {@code ./renvoi console}: each stands for a key that was checked when the token was
 * made, expires after {@code renvoi.console.token-ttl} and is consumed by its first use (a second use finds
 * nothing). In memory only.
 */
@ApplicationScoped
public class OneTimeTokens {
    /** What a token signs in as. */
    public record Grant(String key, boolean admin) {}

    @Inject
    ConsoleConfig config;

    private Cache<String, Grant> tokens;

    @PostConstruct
    void init() {
        tokens = Caffeine.newBuilder()
                .expireAfterWrite(config.tokenTtl())
                .maximumSize(1000)
                .build();
    }

    public String mint(Grant grant) {
        String token = Secrets.random();
        tokens.put(token, grant);
        return token;
    }

    public Optional<Grant> consume(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return Optional.ofNullable(tokens.asMap().remove(token));
    }
}
