package io.renvoi.common.extract;

/**
 * The text of a fetched document as the extractor sees it.
 *
 * @param title the document's title, or null
 * @param text the main text; chunk offsets point into it
 * @param canonicalUrl the canonical URL the page declares, or null
 * @param noindex true when the page asks not to be indexed
 * @param extractorVersion the version of the extractor that produced {@code text}
 */
public record ExtractedDocument(
        String title, String text, String canonicalUrl, boolean noindex, String extractorVersion) {}
