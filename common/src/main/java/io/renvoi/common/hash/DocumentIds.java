package io.renvoi.common.hash;

/**
 * Stable ids: a document id is a hash of its collection and normalized URL (one page, one id per
 * collection); a chunk id is {@code {docId}:{ord}}.
 */
public final class DocumentIds {
    private DocumentIds() {}

    /** The id of the document at {@code normalizedUrl} in {@code collection}: 32 hex characters. */
    public static String docId(String collection, String normalizedUrl) {
        return Sha256.hex(collection + "\n" + normalizedUrl).substring(0, 32);
    }

    public static String chunkId(String docId, int ord) {
        return docId + ":" + ord;
    }
}
