package io.renvoi.query.retrieval;

/**
 * One retrieval: the question, where to look, how many hits, how, and how many chunks of one document
 * may be among them.
 *
 * @param fusion null for the configured fusion
 * @param maxPerDocument 0 for no limit
 */
public record SearchSpec(
        String query, SearchFilters filters, int k, SearchMode mode, Fusion fusion, int maxPerDocument) {}
