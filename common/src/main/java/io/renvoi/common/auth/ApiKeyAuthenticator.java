package io.renvoi.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Authenticates API keys against this service's {@link KeyRing}: one hash and one map lookup. */
@ApplicationScoped
public class ApiKeyAuthenticator implements Authenticator {
    private final KeyRing ring;

    ApiKeyAuthenticator(KeyRing ring) {
        this.ring = ring;
    }

    @Override
    public Optional<Caller> authenticate(String credential) {
        return ring.find(credential);
    }

    @Override
    public boolean ready() {
        return ring.loaded();
    }
}
