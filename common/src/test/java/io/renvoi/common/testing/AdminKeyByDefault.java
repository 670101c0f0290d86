package io.renvoi.common.testing;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;

/**
 * When an application under {@code @QuarkusTest} starts (this test-jar is a bean archive: {@code META-INF/beans.xml}),
 * every RestAssured request without an Authorization header gets {@code Authorization: Bearer}
 * {@link TestKeys#ADMIN}, so the suites run with access control on; a test that sets its own header keeps it.
 * (A Quarkus test callback would do the same but changes how test resources are class-loaded.)
 */
@ApplicationScoped
public class AdminKeyByDefault {
    void install(@Observes Startup event) {
        if (RestAssured.filters().stream().noneMatch(AdminHeader.class::isInstance)) {
            RestAssured.filters(new AdminHeader());
        }
    }

    /** Adds the admin key to a request that carries no Authorization header. */
    static final class AdminHeader implements Filter {
        @Override
        public Response filter(
                FilterableRequestSpecification request,
                FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
            }
            return context.next(request, response);
        }
    }
}
