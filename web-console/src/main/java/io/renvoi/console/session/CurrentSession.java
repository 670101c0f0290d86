package io.renvoi.console.session;

import io.renvoi.console.web.Cookies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The session of the request being served, found by its cookie in the {@link SessionStore}
 * ({@link NotSignedInException} when there is none), and the check every state-changing request passes first: the
 * session's CSRF token (the {@value CsrfGuard#HEADER} header of a script's call, or the {@code csrf} field of a form)
 * and the request's origin ({@link CsrfGuard}). Reads the request's headers; writes nothing.
 */
@RequestScoped
public class CurrentSession {
    @Inject
    SessionStore sessions;

    @Inject
    CsrfGuard csrf;

    @Inject
    HttpHeaders headers;

    /** The signed-in session, for reading. */
    public Session get() {
        Cookie cookie = headers.getCookies().get(Cookies.SESSION);
        return sessions.require(cookie == null ? null : cookie.getValue());
    }

    /** The signed-in session of a script's state-changing call, once its CSRF header and origin pass. */
    public Session changing() {
        return changing(headers.getHeaderString(CsrfGuard.HEADER));
    }

    /** The signed-in session of a form's post, once the form's {@code csrf} field and the origin pass. */
    public Session changing(String formToken) {
        Session s = get();
        csrf.check(s.csrf(), formToken, headers);
        return s;
    }
}
