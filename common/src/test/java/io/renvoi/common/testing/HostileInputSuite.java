package io.renvoi.common.testing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one test of a service's {@code HostileInputQuarkusTest}: each {@link HostileRequest} that the subclass's static
 * {@code cases()} lists is sent to the application under test and must be refused with its 4xx
 * ({@link HostileRequest#assertRefused()}). Reads nothing but those cases and writes nothing.
 */
public abstract class HostileInputSuite {
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    protected void hostileRequestsGetAClear4xxProblem(HostileRequest request) {
        request.assertRefused();
    }
}
