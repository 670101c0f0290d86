package io.renvoi.common.events;

/**
 * One chunk of a document's extracted text: its position, its hash and (on the wire only) its text.
 *
 * @param ord position of the chunk in the document, from 0
 * @param start offset of the first character in the extracted text (inclusive)
 * @param end offset after the last character (exclusive)
 * @param sha256 hex sha256 of the chunk text (UTF-8)
 * @param text the chunk text; carried on {@code rag.documents} for embedding and cache warm-up, never indexed as stored
 */
public record ChunkRef(int ord, int start, int end, String sha256, String text) {}
