package io.renvoi.common.auth;

import java.util.Optional;

/**
 * Turns a bearer credential into a {@link Caller}. API keys are one ({@link ApiKeyAuthenticator}); a JWT from an
 * OIDC provider would be another bean of this type, tried in turn by {@link BearerAuthFilter}.
 */
public interface Authenticator {
    /** The caller this credential stands for, or empty when this authenticator does not know it. */
    Optional<Caller> authenticate(String credential);

    /** False while this authenticator may still miss valid credentials (its keys not loaded yet). */
    boolean ready();
}
