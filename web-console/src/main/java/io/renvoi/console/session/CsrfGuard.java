package io.renvoi.console.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Guards state-changing requests (forms and script calls): the request must carry the expected token (a form field
 * or the {@code X-CSRF-Token} header) and must not come from another site ({@code Origin} when sent must be this
 * console's, {@code Sec-Fetch-Site} must not be cross-site). The SameSite=Strict cookie is the first line; this is
 * the second.
 */
@ApplicationScoped
public class CsrfGuard {
    public static final String HEADER = "X-CSRF-Token";

    /** @throws CsrfException when the token differs or the request comes from elsewhere */
    public void check(String expected, String sent, HttpHeaders headers) {
        String site = headers.getHeaderString("Sec-Fetch-Site");
        if ("cross-site".equals(site)) {
            throw new CsrfException("a request from another site was refused");
        }
        String origin = headers.getHeaderString("Origin");
        String host = headers.getHeaderString("Host");
        // "null": a browser hiding the origin (a no-referrer policy); acceptable only when it says same-origin
        boolean hidden = "null".equals(origin) && "same-origin".equals(site);
        if (origin != null
                && !hidden
                && host != null
                && !origin.equals("http://" + host)
                && !origin.equals("https://" + host)) {
            throw new CsrfException("a request from another origin was refused");
        }
        if (!Secrets.same(expected, sent)) {
            throw new CsrfException("the form is out of date or was not sent by this console: reload the page");
        }
    }
}
