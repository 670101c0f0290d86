package io.renvoi.common.fetch;

import io.renvoi.common.fetch.CheckedDnsResolver.RefusedAddressException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.jboss.logging.Logger;

/**
 * One hop of a {@link SafeFetcher} fetch: sends a GET (conditional when a validator is known, never following
 * redirects, connecting only to addresses the {@link AddressPolicy} accepts) within what is left of the fetch's
 * deadline, and reads the answer into a {@link FetchResult}: status to outcome, media type and charset, content
 * encoding, and a body bounded in bytes on the wire and after gzip, and in time. Politeness, robots.txt and the
 * redirect loop stay in {@link SafeFetcher}.
 */
final class RequestSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestSender.class);
    private static final String ACCEPT =
            "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,application/pdf;q=0.8,*/*;q=0.1";

    private final FetchLimits limits;
    private final CloseableHttpClient client;

    RequestSender(FetchLimits limits) {
        this.limits = limits;
        this.client = HttpClientBuilder.create()
                .setDnsResolver(new CheckedDnsResolver(new AddressPolicy(limits.allowList())))
                .disableRedirectHandling()
                .disableContentCompression() // we inflate ourselves, with a size bound
                .disableCookieManagement()
                .disableAutomaticRetries()
                .setUserAgent(limits.userAgent())
                .setMaxConnTotal(256)
                // one request at a time per host is the politeness rule; a few spare for redirects and robots.txt
                .setMaxConnPerRoute(8)
                .build(); // no useSystemProperties(): never a proxy that would resolve names for us
    }

    /** One request; a redirect comes back with a null outcome and the resolved Location as finalUrl. */
    FetchResult send(URI uri, String etag, String lastModified, long deadline, java.util.Set<String> allowedTypes) {
        String url = uri.toString();
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            return FetchResult.failure(FetchOutcome.TIMEOUT, 0, url, "total time limit reached");
        }
        HttpGet get = new HttpGet(uri);
        get.setConfig(RequestConfig.custom()
                .setConnectTimeout((int) Math.min(limits.connectTimeout().toMillis(), remainingMs))
                .setConnectionRequestTimeout((int) remainingMs)
                .setSocketTimeout((int) Math.min(limits.readTimeout().toMillis(), remainingMs))
                .setRedirectsEnabled(false)
                .build());
        get.setHeader("Accept", ACCEPT);
        get.setHeader("Accept-Encoding", "gzip");
        if (etag != null) get.setHeader("If-None-Match", etag);
        if (lastModified != null) get.setHeader("If-Modified-Since", lastModified);
        try (CloseableHttpResponse response = client.execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = header(response, "Location");
                if (location == null) {
                    return FetchResult.failure(FetchOutcome.HTTP_4XX, status, url, "redirect without Location");
                }
                try {
                    return FetchResult.redirect(
                            status, uri.resolve(location.strip()).toString());
                } catch (IllegalArgumentException e) {
                    return FetchResult.failure(FetchOutcome.INVALID_URL, status, url, "bad redirect Location");
                }
            }
            return complete(response, status, url, deadline, allowedTypes);
        } catch (RefusedAddressException e) {
            LOG.debugf("refusing %s: %s", url, e.getMessage());
            return FetchResult.failure(FetchOutcome.PRIVATE_ADDRESS, 0, url, e.getMessage());
        } catch (UnknownHostException e) {
            return FetchResult.failure(FetchOutcome.DNS, 0, url, "dns: cannot resolve " + uri.getHost());
        } catch (ConnectTimeoutException | SocketTimeoutException e) {
            return FetchResult.failure(FetchOutcome.TIMEOUT, 0, url, "timeout: " + e.getMessage());
        } catch (SSLException e) {
            return FetchResult.failure(FetchOutcome.TLS, 0, url, "tls: " + e.getMessage());
        } catch (IOException e) {
            return FetchResult.failure(FetchOutcome.CONNECTION, 0, url, String.valueOf(e.getMessage()));
        }
    }

    private FetchResult complete(
            HttpResponse response, int status, String finalUrl, long deadline, java.util.Set<String> allowedTypes)
            throws IOException {
        String etag = header(response, "ETag");
        String lastModified = header(response, "Last-Modified");
        if (status == 304) {
            return FetchResult.notModified(status, finalUrl, etag, lastModified);
        }
        if (status != 200) {
            FetchOutcome outcome = status == 404 || status == 410
                    ? FetchOutcome.GONE
                    : status >= 500 || status == 429 ? FetchOutcome.HTTP_5XX : FetchOutcome.HTTP_4XX;
            return FetchResult.failure(outcome, status, finalUrl, "http-" + status)
                    .withRetryAfter(retryAfter(header(response, "Retry-After")));
        }
        String mediaType = null;
        String charset = null;
        String contentType = header(response, "Content-Type");
        if (contentType != null) {
            String[] parts = contentType.split(";");
            mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    charset = p.substring(8).replace("\"", "").strip();
                }
            }
            if (!allowedTypes.contains(mediaType)) {
                return FetchResult.failure(
                        FetchOutcome.UNSUPPORTED_TYPE,
                        status,
                        finalUrl,
                        "media type " + mediaType + " is not accepted");
            }
        }
        String encoding = header(response, "Content-Encoding");
        boolean gzip = encoding != null && (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip"));
        if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
            return FetchResult.failure(
                    FetchOutcome.UNSUPPORTED_TYPE,
                    status,
                    finalUrl,
                    "content encoding " + encoding + " was not asked for");
        }
        byte[] body;
        if (response.getEntity() == null) {
            body = new byte[0];
        } else {
            try (InputStream raw = response.getEntity().getContent()) {
                BoundedInputStream wire = new BoundedInputStream(raw, limits.maxBytes(), deadline);
                body = gzip ? readGzip(wire, deadline) : wire.readAllBytesBounded();
            } catch (BoundedInputStream.LimitExceeded e) {
                return FetchResult.failure(FetchOutcome.TOO_LARGE, status, finalUrl, e.getMessage());
            } catch (BoundedInputStream.DeadlinePassed e) {
                return FetchResult.failure(
                        FetchOutcome.TIMEOUT, status, finalUrl, "total time limit reached while reading");
            } catch (java.util.zip.ZipException e) {
                return FetchResult.failure(
                        FetchOutcome.CONNECTION, status, finalUrl, "corrupt gzip body: " + e.getMessage());
            }
        }
        return FetchResult.ok(finalUrl, mediaType, charset, body, etag, lastModified);
    }

    /** Inflates with a bound on the output: a 10 KB gzip that expands to gigabytes stops at the limit. */
    private byte[] readGzip(BoundedInputStream wire, long deadline) throws IOException {
        return new BoundedInputStream(new GZIPInputStream(wire, 8192), limits.maxDecompressedBytes(), deadline)
                .readAllBytesBounded();
    }

    private static String header(HttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    /** A Retry-After value as a delay (delta-seconds or an HTTP date), or null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(
                        value.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
