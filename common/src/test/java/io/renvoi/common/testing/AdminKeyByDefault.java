package io.renvoi.common.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Before each {@code @QuarkusTest} method: every RestAssured request without an Authorization header gets
 * {@code Authorization: Bearer} {@link TestKeys#ADMIN}, so the suites run with access control on. A test that
 * sets its own Authorization header keeps it. Registered through {@code META-INF/services} of this test-jar.
 */
public class AdminKeyByDefault implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(AdminHeader.class::isInstance)) {
            RestAssured.filters(new AdminHeader());
        }
    }

    /** Adds the admin key to a request that carries no Authorization header. */
    static final class AdminHeader implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
            }
            return context.next(request, response);
        }
    }
}
