package io.renvoi.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of one key, without a server: secrets, collections and prefixes, the key ring, the query rate. */
class AccessRulesTest {
    private static final String ADMIN = "rvk_unit-admin-0123456789abcdefghij";

    @Test
    void secretsAreLongRandomAndStoredAsTheirHash() {
        String a = ApiKeySecrets.newSecret();
        String b = ApiKeySecrets.newSecret();
        assertThat(a).matches("rvk_[A-Za-z0-9_-]{43}").isNotEqualTo(b);
        assertThat(ApiKeySecrets.hash(a)).hasSize(64).doesNotContain(a.substring(4));
        assertThat(ApiKeySecrets.wellFormed(a)).isTrue();
        assertThat(ApiKeySecrets.wellFormed("short")).isFalse();
        assertThat(ApiKeySecrets.wellFormed("rvk_" + "a".repeat(300))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("rvk_abc def ghijklmnop")).isFalse();
        assertThat(ApiKeySecrets.wellFormed("rvk_abcdefghijklmnop\n")).isFalse();
        assertThat(ApiKeySecrets.newId()).matches("[0-9a-f]{16}");
    }

    @Test
    void aKeyUsesItsCollectionsExactlyOrByPrefixAndAnAdminUsesAll() {
        Caller c = new Caller("k", "team a", List.of("docs", "team-a-*"), EnumSet.of(Scope.QUERY), null);
        assertThat(c.mayUse("docs")).isTrue();
        assertThat(c.mayUse("docs2")).isFalse();
        assertThat(c.mayUse("doc")).isFalse();
        assertThat(c.mayUse("team-a-blue")).isTrue();
        assertThat(c.mayUse("team-a-")).isTrue();
        assertThat(c.mayUse("team-ab")).isFalse();
        assertThat(c.mayUse(null)).isFalse();
        assertThatThrownBy(() -> c.requireCollection("team-b"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("this API key may not use collection 'team-b'");
        Caller admin = new Caller("a", "admin", List.of(), EnumSet.of(Scope.ADMIN), null);
        assertThat(admin.mayUse("anything")).isTrue();
    }

    @Test
    void theRingKnowsTheAdminKeyAndLiveKeysByHash() {
        KeyRing ring = ring(ADMIN);
        Caller admin = ring.find(ADMIN).orElseThrow();
        assertThat(admin.keyId()).isEqualTo(KeyRing.ADMIN_ID);
        assertThat(admin.scopes()).containsExactlyInAnyOrder(Scope.values());
        assertThat(ring.find(ADMIN + "x")).isEmpty();

        String secret = ApiKeySecrets.newSecret();
        ring.put(key("k1", secret, new KeyLimits(null, 50, null)));
        Caller k1 = ring.find(secret).orElseThrow();
        assertThat(k1.collections()).containsExactly("docs");
        assertThat(k1.limits()).isEqualTo(new KeyLimits(4, 50, 20.0)); // its own URL limit, the defaults for the rest

        String rotated = ApiKeySecrets.newSecret();
        ring.put(key("k1", rotated, null));
        assertThat(ring.find(secret)).as("the old secret of a replaced record").isEmpty();
        assertThat(ring.find(rotated)).isPresent();
        ring.remove("k1");
        assertThat(ring.find(rotated)).isEmpty();
        assertThat(ring.list()).isEmpty();
    }

    @Test
    void aWeakAdminKeyStopsTheService() {
        assertThatThrownBy(() -> ring("rvk_short"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("128 bits");
        assertThat(ring(null).find(ADMIN)).isEmpty();
    }

    @Test
    void onlyAWellFormedRecordCountsAsAKey() {
        String h = ApiKeySecrets.hash("rvk_whatever-0123456789abcdef");
        Instant t = Instant.now();
        assertThat(new ApiKey("k1", "n", List.of("docs", "team-*"), Set.of(Scope.QUERY), null, h, t).validAt("k1"))
                .isTrue();
        assertThat(new ApiKey("k1", "n", List.of(), Set.of(Scope.ADMIN), null, h, t).validAt("k1"))
                .isTrue();
        assertThat(new ApiKey("k1", "n", List.of("docs"), Set.of(Scope.QUERY), null, h, t).validAt("k2"))
                .as("id")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of(), Set.of(Scope.QUERY), null, h, t).validAt("k1"))
                .as("no collection")
                .isFalse();
        assertThat(new ApiKey("k1", "n", null, Set.of(Scope.QUERY), null, h, t).validAt("k1"))
                .as("null collections")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of("docs"), Set.of(), null, h, t).validAt("k1"))
                .as("no scope")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of("*"), Set.of(Scope.QUERY), null, h, t).validAt("k1"))
                .as("bare *")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of("docs"), Set.of(Scope.QUERY), null, "abc", t).validAt("k1"))
                .as("hash")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of("docs"), Set.of(Scope.QUERY), new KeyLimits(0, null, null), h, t)
                        .validAt("k1"))
                .as("limits")
                .isFalse();
        assertThat(new ApiKey("k1", "n", List.of("docs"), Set.of(Scope.QUERY), null, h, t).toString())
                .doesNotContain(h);
    }

    @Test
    void defaultLimitsThatWouldRefuseEverythingStopTheService() {
        assertThatThrownBy(() -> new KeyRing(Optional.empty(), new KeyLimits(4, 10_000, 0.0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queriesPerSecond");
        assertThatThrownBy(() -> new KeyRing(Optional.empty(), new KeyLimits(0, 10_000, 20.0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("concurrentJobs");
    }

    @Test
    void queriesPerSecondIsATokenBucketPerKey() {
        QueryRateLimit limit = new QueryRateLimit();
        Caller two = new Caller("two", "n", List.of("docs"), EnumSet.of(Scope.QUERY), new KeyLimits(1, 1, 2.0));
        Caller other = new Caller("other", "n", List.of("docs"), EnumSet.of(Scope.QUERY), new KeyLimits(1, 1, 2.0));
        assertThat(limit.admit(two)).isEmpty();
        assertThat(limit.admit(two)).isEmpty();
        Optional<Duration> wait = limit.admit(two);
        assertThat(wait).isPresent();
        assertThat(wait.get()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(limit.admit(other)).as("another key has its own bucket").isEmpty();
        Caller admin = new Caller("a", "n", List.of(), EnumSet.of(Scope.ADMIN), new KeyLimits(1, 1, 0.01));
        for (int i = 0; i < 100; i++) assertThat(limit.admit(admin)).isEmpty();
    }

    private static ApiKey key(String id, String secret, KeyLimits limits) {
        return new ApiKey(
                id, "n", List.of("docs"), Set.of(Scope.QUERY), limits, ApiKeySecrets.hash(secret), Instant.now());
    }

    private static KeyRing ring(String adminKey) {
        return new KeyRing(Optional.ofNullable(adminKey), new KeyLimits(4, 10_000, 20.0));
    }
}
