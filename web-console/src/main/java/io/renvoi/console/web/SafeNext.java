package io.renvoi.console.web;

/** Where to go after sign-in: a path of this console only (no scheme, no host, no "//"), else "/". */
public final class SafeNext {
    private SafeNext() {}

    public static String of(String next) {
        if (next == null
                || next.isEmpty()
                || next.length() > 2000
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == '\\')) {
            return "/";
        }
        return next;
    }
}
