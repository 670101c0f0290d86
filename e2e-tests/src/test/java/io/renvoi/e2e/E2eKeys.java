package io.renvoi.e2e;

import io.renvoi.common.testing.TestKeys;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;

/**
 * Access control in the end-to-end tests: every service process gets the suites' bootstrap admin key
 * ({@link TestKeys#ADMIN}) in its environment ({@value #ENV}, never on its command line), and every RestAssured
 * request to an {@code /api/v1} path that carries no Authorization header of its own is sent with it.
 */
final class E2eKeys {
    /** The environment variable the services read their bootstrap admin key from ({@code renvoi.auth.admin-key}). */
    static final String ENV = "RENVOI_AUTH_ADMIN_KEY";

    static final String ADMIN = TestKeys.ADMIN;
    private static boolean installed;

    private E2eKeys() {}

    /** Registers the RestAssured filter once per JVM (the failsafe JVM runs every IT class). */
    static synchronized void sendAdminKeyByDefault() {
        if (!installed) {
            RestAssured.filters(new AdminHeader());
            installed = true;
        }
    }

    /** Adds {@code Authorization: Bearer <admin key>} to an /api/v1 request that has no Authorization header. */
    private static final class AdminHeader implements Filter {
        @Override
        public Response filter(
                FilterableRequestSpecification request,
                FilterableResponseSpecification response,
                FilterContext context) {
            String path;
            try {
                path = URI.create(request.getURI()).getPath();
            } catch (IllegalArgumentException e) {
                path = request.getURI();
            }
            if (path != null
                    && path.startsWith("/api/v1")
                    && !request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", TestKeys.bearer(ADMIN));
            }
            return context.next(request, response);
        }
    }
}
