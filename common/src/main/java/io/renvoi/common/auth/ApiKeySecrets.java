package io.renvoi.common.auth;

import io.renvoi.common.hash.Sha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes and recognises API key secrets: {@code rvk_} and 256 random bits in base64url (a key is shown once, at
 * creation); what is stored and compared is the SHA-256 of the whole key. A fast hash is enough for secrets of
 * this entropy (no password to guess), and it keeps the check on every request cheap.
 */
public final class ApiKeySecrets {
    /** The longest Authorization credential looked at; longer ones are refused unread. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]+=*"); // RFC 6750 b64token
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {}

    /** A new secret: {@code rvk_} + 43 base64url characters (256 bits). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "rvk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new key id: 16 hex characters, not secret. */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** What is stored for a secret. */
    public static String hash(String secret) {
        return Sha256.hex(secret);
    }

    /** Whether a credential has the shape of a bearer token at all (length and characters). */
    public static boolean wellFormed(String credential) {
        return credential != null
                && credential.length() >= 16
                && credential.length() <= MAX_LENGTH
                && TOKEN68.matcher(credential).matches();
    }
}
