package io.renvoi.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys this service accepts, in memory: the bootstrap admin key from configuration and every live key of
 * {@code rag.keys} (kept current by {@link KeyTopicFollower}). Answers "who holds this secret" by hash, without
 * calling another service.
 */
@ApplicationScoped
public class KeyRing {
    /** The id under which the bootstrap admin key appears in answers and logs. */
    public static final String ADMIN_ID = "admin";

    static final int MIN_ADMIN_KEY_LENGTH = 22; // 128 bits in base64

    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final byte[] adminHash;
    private final KeyLimits defaults;
    private volatile boolean loaded;

    @Inject
    KeyRing(AuthConfig config) {
        this(config.adminKey(), config.limits());
    }

    /**
     * A ring outside CDI (tools, benchmarks): the bootstrap admin key if any, and the limits of keys created
     * without their own.
     *
     * @throws IllegalStateException when the admin key is shorter than 128 bits or not base64(url)
     */
    public KeyRing(Optional<String> adminKey, KeyLimits defaults) {
        String admin = adminKey.map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        if (admin != null && (admin.length() < MIN_ADMIN_KEY_LENGTH || !ApiKeySecrets.wellFormed(admin))) {
            throw new IllegalStateException("renvoi.auth.admin-key must be at least " + MIN_ADMIN_KEY_LENGTH
                    + " characters of base64 or base64url (128 bits or more)");
        }
        this.adminHash = admin == null ? null : ApiKeySecrets.hash(admin).getBytes(StandardCharsets.US_ASCII);
        if (defaults.problem() != null
                || defaults.concurrentJobs() == null
                || defaults.urlsPerHour() == null
                || defaults.queriesPerSecond() == null) {
            throw new IllegalStateException("renvoi.auth.default-limits: "
                    + (defaults.problem() == null ? "every limit needs a value" : defaults.problem()));
        }
        this.defaults = defaults;
    }

    /** The caller holding {@code secret}, if it is the admin key or a live key. */
    public Optional<Caller> find(String secret) {
        String hash = ApiKeySecrets.hash(secret);
        if (adminHash != null && MessageDigest.isEqual(adminHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Caller(ADMIN_ID, "bootstrap admin", List.of(), EnumSet.allOf(Scope.class), null));
        }
        ApiKey key = byHash.get(hash);
        if (key == null) return Optional.empty();
        return Optional.of(new Caller(
                key.id(),
                key.name(),
                key.collections(),
                key.scopes(),
                (key.limits() == null ? KeyLimits.DEFAULTS_ONLY : key.limits()).orElse(defaults)));
    }

    /** Adds or replaces a key (by id). Synchronized with {@link #remove}: the two maps change together. */
    public synchronized void put(ApiKey key) {
        ApiKey old = byId.put(key.id(), key);
        if (old != null) byHash.remove(old.hash());
        byHash.put(key.hash(), key);
    }

    /** Forgets a key: its secret stops working here at once. */
    public synchronized void remove(String id) {
        ApiKey old = byId.remove(id);
        if (old != null) byHash.remove(old.hash());
    }

    public Optional<ApiKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every live key, oldest first. */
    public List<ApiKey> list() {
        List<ApiKey> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(ApiKey::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ApiKey::id));
        return out;
    }

    /** Whether the keys topic has been read to its end once since start: before that a key may be missing. */
    public boolean loaded() {
        return loaded;
    }

    void markLoaded() {
        loaded = true;
    }

    /** The limits a key gets when created without its own. */
    public KeyLimits defaults() {
        return defaults;
    }
}
