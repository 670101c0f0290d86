package io.renvoi.common.fetch;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Normalizes http(s) URLs so that one page has one id: scheme and host lower-cased, default ports and
 * fragments dropped, an empty path made "/", dot segments removed, percent-escapes upper-cased.
 */
public final class UrlNormalizer {
    private static final int MAX_LENGTH = 2048;

    private UrlNormalizer() {}

    /**
     * @throws InvalidUrlException when the text is not an absolute http or https URL with a host
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidUrlException("url is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidUrlException("url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(raw.strip()).normalize();
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("url is not valid: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidUrlException(
                    "only http and https URLs can be ingested, not " + (scheme == null ? "a relative URL" : scheme));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidUrlException("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidUrlException("url must not carry credentials");
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) { // a label over 63 characters, a name over 253...
            throw new InvalidUrlException("url host is not a valid name: " + e.getMessage());
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new InvalidUrlException("url port must be between 1 and 65535");
        }
        if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
            port = -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : upperCaseEscapes(uri.getRawPath());
        String query = uri.getRawQuery() == null ? "" : "?" + upperCaseEscapes(uri.getRawQuery());
        return scheme + "://" + host + (port == -1 ? "" : ":" + port) + path + query;
    }

    private static String upperCaseEscapes(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '%' && i + 2 < s.length()) {
                out.append(Character.toUpperCase(s.charAt(i + 1))).append(Character.toUpperCase(s.charAt(i + 2)));
                i += 2;
            }
        }
        return out.toString();
    }
}
