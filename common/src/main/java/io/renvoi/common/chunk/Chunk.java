package io.renvoi.common.chunk;

/** A slice {@code [start, end)} of an extracted text, with its ordinal and the sha256 of its text. */
public record Chunk(int ord, int start, int end, String sha256, String text) {}
