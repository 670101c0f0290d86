package io.renvoi.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Authenticates API keys against this service's {@link KeyRing}: one hash and one map lookup. */
@ApplicationScoped
public class ApiKeyAuthenticator implements Authenticator {
    @Inject
    KeyRing ring;

    @Override
    public Optional<Caller> authenticate(String credential) {
        return ring.find(credential);
    }

    @Override
    public boolean ready() {
        return ring.loaded();
    }
}
