package io.renvoi.common.fetch;

import io.renvoi.common.extract.CharsetSniffer;
import java.time.Duration;

/**
 * The outcome of one fetch.
 *
 * @param outcome how it ended
 * @param status the final HTTP status, or 0 when no response was received
 * @param finalUrl the URL after redirects
 * @param contentType the media type without parameters, lower case, or null
 * @param charset the charset named by the Content-Type header, or null
 * @param body the body (empty unless {@code outcome == OK})
 * @param etag the ETag header, or null
 * @param lastModified the Last-Modified header, or null
 * @param detail a short explanation for failures
 * @param permanentRedirect true when at least one redirect was followed and every one was permanent (301, 308),
 *     so {@code finalUrl} is the resource's new address
 * @param retryAfter the delay a 429 or 503 response asked for (its Retry-After header), or null
 */
public record FetchResult(
        FetchOutcome outcome,
        int status,
        String finalUrl,
        String contentType,
        String charset,
        byte[] body,
        String etag,
        String lastModified,
        String detail,
        boolean permanentRedirect,
        Duration retryAfter) {

    /** A 200 with its body, reached without redirects. */
    public static FetchResult ok(
            String finalUrl, String contentType, String charset, byte[] body, String etag, String lastModified) {
        return new FetchResult(
                FetchOutcome.OK, 200, finalUrl, contentType, charset, body, etag, lastModified, null, false, null);
    }

    /** A 304: the validators sent still match; the server's validators, when it sent new ones. */
    public static FetchResult notModified(int status, String finalUrl, String etag, String lastModified) {
        return new FetchResult(
                FetchOutcome.NOT_MODIFIED,
                status,
                finalUrl,
                null,
                null,
                new byte[0],
                etag,
                lastModified,
                "not modified",
                false,
                null);
    }

    /** One redirect hop to {@code location} (no outcome yet: the fetcher follows it). */
    static FetchResult redirect(int status, String location) {
        return failure(null, status, location, "redirect");
    }

    public static FetchResult failure(FetchOutcome outcome, int status, String url, String detail) {
        return new FetchResult(outcome, status, url, null, null, new byte[0], null, null, detail, false, null);
    }

    /** The same result with the delay the server asked for (Retry-After), or null. */
    FetchResult withRetryAfter(Duration after) {
        return with(permanentRedirect, after);
    }

    /** The same result, noting the redirects that led to it. */
    FetchResult afterRedirects(int redirects, boolean allPermanent) {
        return redirects == 0 ? this : with(allPermanent, retryAfter);
    }

    private FetchResult with(boolean permanent, Duration after) {
        return new FetchResult(
                outcome, status, finalUrl, contentType, charset, body, etag, lastModified, detail, permanent, after);
    }

    public boolean ok() {
        return outcome == FetchOutcome.OK;
    }

    /** The body decoded as {@link CharsetSniffer} says: BOM, header charset, HTML meta charset, else UTF-8. */
    public String bodyText() {
        boolean html = contentType == null || contentType.contains("html");
        return CharsetSniffer.decode(body, charset, html);
    }
}
