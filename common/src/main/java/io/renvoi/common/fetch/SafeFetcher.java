package io.renvoi.common.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Fetches http(s) URLs for ingest, answer-time verification and link checks, refusing non-public
 * addresses (unless allow-listed) before every hop, following at most {@code maxRedirects} redirects,
 * bounding time and size, and sending conditional headers when a validator is known.
 * Thread-safe; share one per process.
 */
public final class SafeFetcher {
    private static final Logger LOG = Logger.getLogger(SafeFetcher.class);

    private final FetchLimits limits;
    private final AddressPolicy policy;
    private final HttpClient client;

    public SafeFetcher(FetchLimits limits) {
        this.limits = limits;
        this.policy = new AddressPolicy(limits.allowList());
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public FetchResult fetch(String url) {
        return fetch(url, null, null);
    }

    /**
     * @param etag sent as If-None-Match when not null
     * @param lastModified sent as If-Modified-Since when not null
     */
    public FetchResult fetch(String url, String etag, String lastModified) {
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        String current = url;
        boolean allPermanent = true;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            URI uri;
            try {
                uri = URI.create(UrlNormalizer.normalize(current));
            } catch (IllegalArgumentException e) {
                return FetchResult.failure(FetchOutcome.INVALID_URL, 0, current, e.getMessage());
            }
            String refusal = refusal(uri.getHost());
            if (refusal != null) {
                return FetchResult.failure(
                        refusal.startsWith("dns") ? FetchOutcome.DNS : FetchOutcome.PRIVATE_ADDRESS, 0, current, refusal);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return FetchResult.failure(FetchOutcome.TIMEOUT, 0, current, "total time limit reached");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(remaining))
                    .header("User-Agent", limits.userAgent())
                    .header("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
                    .GET();
            if (hop == 0 && etag != null) request.header("If-None-Match", etag);
            if (hop == 0 && lastModified != null) request.header("If-Modified-Since", lastModified);
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException e) {
                return FetchResult.failure(FetchOutcome.TIMEOUT, 0, current, "connect timeout");
            } catch (HttpTimeoutException e) {
                return FetchResult.failure(FetchOutcome.TIMEOUT, 0, current, "timeout");
            } catch (IOException e) {
                return FetchResult.failure(FetchOutcome.CONNECTION, 0, current, String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FetchResult.failure(FetchOutcome.TIMEOUT, 0, current, "interrupted");
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                close(response);
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    return FetchResult.failure(FetchOutcome.HTTP_4XX, status, current, "redirect without Location");
                }
                current = uri.resolve(location).toString();
                allPermanent &= status == 301 || status == 308;
                continue;
            }
            return complete(response, status, uri.toString()).afterRedirects(hop, allPermanent);
        }
        return FetchResult.failure(FetchOutcome.TOO_MANY_REDIRECTS, 0, current,
                "more than " + limits.maxRedirects() + " redirects");
    }

    private FetchResult complete(HttpResponse<InputStream> response, int status, String finalUrl) {
        HttpHeaders h = response.headers();
        if (status == 304) {
            close(response);
            return new FetchResult(FetchOutcome.NOT_MODIFIED, status, finalUrl, null, null, new byte[0],
                    h.firstValue("ETag").orElse(null), h.firstValue("Last-Modified").orElse(null), "not modified");
        }
        if (status != 200) {
            close(response);
            FetchOutcome outcome = status == 404 || status == 410 ? FetchOutcome.GONE
                    : status >= 500 || status == 429 ? FetchOutcome.HTTP_5XX : FetchOutcome.HTTP_4XX;
            return new FetchResult(outcome, status, finalUrl, null, null, new byte[0], null, null, "http-" + status,
                    false, retryAfter(h));
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        } catch (IOException e) {
            return FetchResult.failure(e instanceof HttpTimeoutException ? FetchOutcome.TIMEOUT : FetchOutcome.CONNECTION,
                    status, finalUrl, String.valueOf(e.getMessage()));
        }
        if (body.length > limits.maxBytes()) {
            return FetchResult.failure(FetchOutcome.TOO_LARGE, status, finalUrl, "body larger than " + limits.maxBytes() + " bytes");
        }
        String contentType = h.firstValue("Content-Type").orElse(null);
        String mediaType = null;
        String charset = null;
        if (contentType != null) {
            String[] parts = contentType.split(";");
            mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    charset = p.substring(8).replace("\"", "").strip();
                }
            }
        }
        return new FetchResult(FetchOutcome.OK, status, finalUrl, mediaType, charset, body,
                h.firstValue("ETag").orElse(null), h.firstValue("Last-Modified").orElse(null), null);
    }

    /** The Retry-After header as a delay (delta-seconds or an HTTP date), or null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(value,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Null when every address of the host may be reached, else why not. */
    private String refusal(String host) {
        if (policy.isAllowedHost(host)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "dns: cannot resolve " + host;
        }
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(address);
            if (refusal != null) {
                LOG.debugf("refusing %s: %s", host, refusal);
                return refusal;
            }
        }
        return null;
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }
}
