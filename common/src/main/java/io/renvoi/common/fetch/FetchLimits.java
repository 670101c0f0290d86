package io.renvoi.common.fetch;

import java.time.Duration;
import java.util.List;

/**
 * What a fetch may cost and reach.
 *
 * @param allowList CIDRs or host names allowed although not public (tests and the local demo: 127.0.0.1/32)
 * @param connectTimeout time to open a connection
 * @param totalTimeout time for the whole fetch, redirects included
 * @param maxBytes a body larger than this is refused (reading stops there)
 * @param maxRedirects redirect hops followed, each re-checked against the address policy
 * @param userAgent sent with every request
 */
public record FetchLimits(
        List<String> allowList, Duration connectTimeout, Duration totalTimeout, long maxBytes, int maxRedirects, String userAgent) {

    public FetchLimits {
        allowList = List.copyOf(allowList);
    }

    public static FetchLimits defaults() {
        return new FetchLimits(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(20), 10L * 1024 * 1024, 5, "Renvoi/0.1");
    }

    public FetchLimits withAllowList(List<String> list) {
        return new FetchLimits(list, connectTimeout, totalTimeout, maxBytes, maxRedirects, userAgent);
    }
}
