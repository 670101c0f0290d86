package io.renvoi.console.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.renvoi.console.ConsoleConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The sessions of this console process, in memory (a restart signs everyone out): a session ends after
 * {@code renvoi.console.session-idle} without a request, or at sign-out; at most {@code max-sessions}.
 */
@ApplicationScoped
public class SessionStore {
    @Inject
    ConsoleConfig config;

    private Cache<String, Session> sessions;

    @PostConstruct
    void init() {
        sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.sessionIdle())
                .maximumSize(config.maxSessions())
                .build();
    }

    public Session create(String key, boolean admin) {
        Session s = new Session(Secrets.random(), key, Secrets.random(), admin);
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** The session of this cookie value, or {@link NotSignedInException}. */
    public Session require(String id) {
        return find(id).orElseThrow(NotSignedInException::new);
    }

    public void remove(String id) {
        if (id != null) {
            sessions.invalidate(id);
        }
    }
}
