package io.renvoi.console.web;

import jakarta.ws.rs.core.NewCookie;

/**
 * The console's two cookies, both HttpOnly and SameSite=Strict on path /: {@value #SESSION} (the session id; the
 * key stays on the server) and {@value #SIGN_IN} (the sign-in form's double-submit CSRF value, before a session).
 */
public final class Cookies {
    public static final String SESSION = "rv_session";
    public static final String SIGN_IN = "rv_signin";

    private Cookies() {}

    public static NewCookie of(String name, String value, boolean secure) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    public static NewCookie expired(String name, boolean secure) {
        return new NewCookie.Builder(name)
                .value("")
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
    }
}
