package io.renvoi.common.extract;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how a fetched body is decoded, in the order browsers use: a byte-order mark, then the
 * Content-Type header's charset, then (HTML only) a {@code <meta charset>} or {@code http-equiv} declaration
 * in the first 1024 bytes, else UTF-8. Deterministic, so ingest and answer-time re-reads decode alike.
 */
public final class CharsetSniffer {
    private static final int META_SCAN = 1024;
    private static final Pattern META_CHARSET =
            Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?\\s*([a-zA-Z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);

    private CharsetSniffer() {}

    /** The body as text; the BOM, if any, is not part of the text. */
    public static String decode(byte[] body, String headerCharset, boolean html) {
        int[] bomLength = new int[1];
        Charset cs = fromBom(body, bomLength);
        if (cs == null) cs = named(headerCharset);
        if (cs == null && html) cs = fromMeta(body);
        if (cs == null) cs = StandardCharsets.UTF_8;
        return new String(body, bomLength[0], body.length - bomLength[0], cs);
    }

    private static Charset fromBom(byte[] b, int[] length) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            length[0] = 3;
            return StandardCharsets.UTF_8;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            length[0] = 2;
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            length[0] = 2;
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static Charset fromMeta(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, META_SCAN), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        return m.find() ? named(m.group(1)) : null;
    }

    private static Charset named(String name) {
        if (name == null || name.isBlank()) return null;
        try {
            Charset cs = Charset.forName(name.strip().toLowerCase(Locale.ROOT));
            // As the HTML spec says: a declared UTF-16 in an ASCII-readable meta tag is really UTF-8.
            return cs.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : cs;
        } catch (RuntimeException e) {
            return null; // unknown or illegal names fall through to the next source
        }
    }
}
