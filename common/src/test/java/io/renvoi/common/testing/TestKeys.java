package io.renvoi.common.testing;

/**
 * The API keys of the test suites. {@link #ADMIN} is every service's bootstrap admin key under the test profile
 * ({@code META-INF/microprofile-config.properties} of this test-jar) and RestAssured sends it by default
 * ({@link AdminKeyByDefault}), so that every suite runs with access control on.
 */
public final class TestKeys {
    public static final String ADMIN = "rvk_test-admin-5Yq2vL8sXw3NcR7tB1mK9pZ4hD6fJ0aE";

    private TestKeys() {}

    /** The Authorization header value for a key. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
