package io.renvoi.links.registry;

/**
 * One document in the link registry ({@code rag-links}): where it lives and what the link-checker knows
 * of it.
 */
public record LinkEntry(
        String docId,
        String url,
        String collection,
        String status,
        long epoch,
        int chunkCount,
        long registeredAt,
        String reason) {}
